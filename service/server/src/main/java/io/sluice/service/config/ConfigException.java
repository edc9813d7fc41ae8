package io.sluice.service.config;

import io.sluice.BadInputException;

/** A setting that is unknown or cannot be parsed; the message names the key and where its value came from. */
public final class ConfigException extends BadInputException {

    public ConfigException(String message) {
        super(message);
    }
}
