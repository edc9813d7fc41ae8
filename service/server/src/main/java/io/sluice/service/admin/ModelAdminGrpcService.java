package io.sluice.service.admin;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.sluice.api.v1.CandidateMode;
import io.sluice.api.v1.CandidateStatus;
import io.sluice.api.v1.ClearCandidateRequest;
import io.sluice.api.v1.GetCandidateRequest;
import io.sluice.api.v1.GetCurrentModelRequest;
import io.sluice.api.v1.ListVersionsRequest;
import io.sluice.api.v1.ListVersionsResponse;
import io.sluice.api.v1.LoadVersionRequest;
import io.sluice.api.v1.ModelAdminGrpc;
import io.sluice.api.v1.ModelManifest;
import io.sluice.api.v1.PromoteCandidateRequest;
import io.sluice.api.v1.RollbackRequest;
import io.sluice.api.v1.SetCandidateRequest;
import io.sluice.model.ArtifactException;
import io.sluice.scoring.ModelRegistry;
import io.sluice.scoring.ServingModel;
import io.sluice.service.config.CandidateConfig;
import io.sluice.service.store.ModelSource;
import io.sluice.service.store.ModelUpdater;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code sluice.v1.ModelAdmin} service over the registry and, when the model comes from a store, its updater. */
public final class ModelAdminGrpcService extends ModelAdminGrpc.ModelAdminImplBase {

    private static final Logger LOG = LoggerFactory.getLogger(ModelAdminGrpcService.class);

    private final ModelRegistry registry;
    private final ModelUpdater updater;
    private final CandidateConfig candidates;

    /**
     * {@code updater} is null when the model does not come from a versioned store; {@code candidates} says how a
     * candidate is tried.
     */
    public ModelAdminGrpcService(ModelRegistry registry, ModelUpdater updater, CandidateConfig candidates) {
        this.registry = registry;
        this.updater = updater;
        this.candidates = candidates;
    }

    @Override
    public void listVersions(ListVersionsRequest request, StreamObserver<ListVersionsResponse> responses) {
        ListVersionsResponse.Builder response = ListVersionsResponse.newBuilder()
                .setCurrent(registry.current().map(ServingModel::version).orElse(""))
                .setPrevious(registry.previous().map(ServingModel::version).orElse(""))
                .setCandidate(registry.candidate().map(ServingModel::version).orElse(""));
        if (updater != null) {
            try {
                response.addAllVersions(updater.versions()).setStore(updater.describe());
            } catch (IOException e) {
                responses.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asException());
                return;
            }
        }
        responses.onNext(response.build());
        responses.onCompleted();
    }

    @Override
    public void getCurrentModel(GetCurrentModelRequest request, StreamObserver<ModelManifest> responses) {
        registry.current().ifPresentOrElse(model -> {
            responses.onNext(model.description());
            responses.onCompleted();
        }, () -> responses.onError(Status.UNAVAILABLE.withDescription("no model is loaded yet").asException()));
    }

    @Override
    public void loadVersion(LoadVersionRequest request, StreamObserver<ModelManifest> responses) {
        answerStoreLoad(request.getVersion(), "load", responses, version -> {
            ServingModel model = updater.load(version);
            LOG.info("ModelAdmin loaded model {}", model.version());
            return model.description();
        });
    }

    @Override
    public void rollback(RollbackRequest request, StreamObserver<ModelManifest> responses) {
        try {
            ServingModel model = updater != null ? updater.rollback() : registry.rollback();
            responses.onNext(model.description());
            responses.onCompleted();
        } catch (IllegalStateException e) {
            responses.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asException());
        }
    }

    @Override
    public void getCandidate(GetCandidateRequest request, StreamObserver<CandidateStatus> responses) {
        responses.onNext(candidateStatus());
        responses.onCompleted();
    }

    @Override
    public void setCandidate(SetCandidateRequest request, StreamObserver<CandidateStatus> responses) {
        answerStoreLoad(request.getVersion(), "candidate load", responses, version -> {
            updater.loadCandidate(version);
            LOG.info("ModelAdmin set candidate model {}", version);
            return candidateStatus();
        });
    }

    @Override
    public void clearCandidate(ClearCandidateRequest request, StreamObserver<CandidateStatus> responses) {
        if (updater != null) {
            updater.clearCandidate();
        } else {
            registry.clearCandidate();
        }
        responses.onNext(candidateStatus());
        responses.onCompleted();
    }

    @Override
    public void promoteCandidate(PromoteCandidateRequest request, StreamObserver<ModelManifest> responses) {
        try {
            ServingModel model = updater != null ? updater.promote() : registry.promote();
            responses.onNext(model.description());
            responses.onCompleted();
        } catch (IllegalStateException e) {
            responses.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asException());
        }
    }

    private CandidateStatus candidateStatus() {
        CandidateStatus.Builder status = CandidateStatus.newBuilder()
                .setMode(switch (candidates.mode()) {
                    case SHADOW -> CandidateMode.CANDIDATE_MODE_SHADOW;
                    case CANARY -> CandidateMode.CANDIDATE_MODE_CANARY;
                })
                .setShare(candidates.share());
        registry.candidate().ifPresent(model -> status.setCandidate(model.description()));
        return status.build();
    }

    /** A load from the store that answers with {@code T}. */
    private interface StoreLoad<T> {
        T load(String version) throws ArtifactException;
    }

    /**
     * Answers with what {@code load} makes of {@code version}: INVALID_ARGUMENT for a malformed label,
     * FAILED_PRECONDITION without a store, for a refused artifact, or when the load does not fit the models held.
     */
    private <T> void answerStoreLoad(String version, String what, StreamObserver<T> responses, StoreLoad<T> load) {
        if (updater == null) {
            responses.onError(Status.FAILED_PRECONDITION.withDescription(
                    "model.location is not a versioned store; nothing to load from").asException());
            return;
        }
        try {
            ModelSource.requireValidVersion(version);
            responses.onNext(load.load(version));
            responses.onCompleted();
        } catch (IllegalArgumentException e) {
            responses.onError(Status.INVALID_ARGUMENT.withDescription("version: " + e.getMessage()).asException());
        } catch (IllegalStateException e) {
            responses.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asException());
        } catch (ArtifactException e) {
            LOG.warn("ModelAdmin {} of {} refused: {}", what, version, e.getMessage());
            responses.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asException());
        }
    }
}
