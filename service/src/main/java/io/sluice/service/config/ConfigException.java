package io.sluice.service.config;

/** A setting that is unknown or cannot be parsed; the message names the key and where its value came from. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
