package io.sluice.service.config;

import static io.sluice.service.config.SettingsCatalog.MODEL_CANDIDATE_MODE;
import static io.sluice.service.config.SettingsCatalog.MODEL_CANDIDATE_SHADOW_QUEUE;
import static io.sluice.service.config.SettingsCatalog.MODEL_CANDIDATE_SHARE;

import io.sluice.scoring.RequestIdSample;

/**
 * How a store's candidate version is tried (keys {@code model.candidate.*}).
 *
 * @param share       share of requests the candidate scores: a shadow sample, or the canary share it answers
 * @param shadowQueue sampled requests that may wait for the shadow scorer before new ones are dropped
 */
public record CandidateConfig(Mode mode, double share, int shadowQueue) {

    /** Salts of the request-id hashes, so the canary and shadow samples are independent of any other. */
    private static final String CANARY_SALT = "sluice-canary";
    private static final String SHADOW_SALT = "sluice-shadow";

    /** How the candidate is tried. */
    public enum Mode {
        /** Scored off the hot path on a sample of requests and compared with the serving model. */
        SHADOW,
        /** Answers its share of requests. */
        CANARY
    }

    /** The requests the candidate answers: its share in canary mode, none in shadow mode. */
    public RequestIdSample canary() {
        return mode == Mode.CANARY ? new RequestIdSample(CANARY_SALT, share) : RequestIdSample.NONE;
    }

    /** The requests the candidate scores in the shadow: its share in shadow mode, none in canary mode. */
    public RequestIdSample shadow() {
        return mode == Mode.SHADOW ? new RequestIdSample(SHADOW_SALT, share) : RequestIdSample.NONE;
    }

    static CandidateConfig from(ConfigReader r) {
        return new CandidateConfig(r.get(MODEL_CANDIDATE_MODE), r.get(MODEL_CANDIDATE_SHARE),
                r.get(MODEL_CANDIDATE_SHADOW_QUEUE));
    }
}
