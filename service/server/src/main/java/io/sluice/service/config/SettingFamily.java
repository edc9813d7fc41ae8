package io.sluice.service.config;

import java.util.Optional;

/**
 * The one declaration of a family of settings keyed by a name the catalog cannot list, such as a partner id:
 * {@code shaping.partner-qps-cap.<partner>}. Every member has the family's type and none has a default (a member
 * that is not set does not apply). In the environment, a member is {@code SLUICE_} + the family key in upper case
 * ('.' and '-' as '_') + '_' + the member name as written: {@code SLUICE_SHAPING_PARTNER_QPS_CAP_1458}.
 *
 * @param key         the key the members' keys start with, before the '.' and the member name
 * @param member      what the member name is, for documents: {@code partner}
 * @param type        how a member's text is parsed and printed, and what is accepted
 * @param description what a member means, for the defaults document
 * @param <T>         the parsed value
 */
public record SettingFamily<T>(String key, String member, ValueType<T> type, String description) {

    /** The key of the member named {@code name}. */
    public String keyOf(String name) {
        return key + "." + name;
    }

    /** The member's key as documents show it: {@code shaping.partner-qps-cap.<partner>}. */
    public String pattern() {
        return keyOf("<" + member + ">");
    }

    /** What members' variables start with, the member name following: {@code SLUICE_SHAPING_PARTNER_QPS_CAP_}. */
    public String environmentPrefix() {
        return Setting.environmentVariable(key) + "_";
    }

    /** The member that {@code key} sets, if it is one of this family's. */
    Optional<String> memberOfKey(String key) {
        return memberAfter(key, this.key + ".");
    }

    /** The member that the environment variable {@code name} sets, if it is one of this family's. */
    Optional<String> memberOfVariable(String name) {
        return memberAfter(name, environmentPrefix());
    }

    private static Optional<String> memberAfter(String text, String prefix) {
        return text.startsWith(prefix) && text.length() > prefix.length()
                ? Optional.of(text.substring(prefix.length())) : Optional.empty();
    }
}
