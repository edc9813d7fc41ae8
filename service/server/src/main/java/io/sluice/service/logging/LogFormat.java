package io.sluice.service.logging;

/** How log lines are written: for a person at a terminal, or for a log pipeline. */
public enum LogFormat {
    /** Text when the process runs in a terminal, JSON otherwise (containers, CI, files). */
    AUTO,
    /** One JSON object per line. */
    JSON,
    /** Local time, level, logger and message on one readable line. */
    TEXT
}
