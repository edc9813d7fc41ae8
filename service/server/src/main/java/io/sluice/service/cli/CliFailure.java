package io.sluice.service.cli;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sluice.BadInputException;
import io.sluice.model.ArtifactException;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.thrift.transport.TTransportException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What a command's failure means to the person who ran it: one line and an exit code. This is the one place that
 * maps exceptions to messages and exit codes for every {@code sluice} command:
 *
 * <ul>
 *   <li>{@value SluiceCommandLine#EXIT_BAD_INPUT}, bad input: {@link BadInputException} (settings, data files),
 *       {@link ArtifactException}, {@link IllegalArgumentException}, {@link FileSystemException} (no such file,
 *       permission denied), {@link FileNotFoundException}, picocli's {@link ParameterException};
 *   <li>{@value SluiceCommandLine#EXIT_FAILURE}, a failure while running: a server that cannot be reached or answers
 *       with an error ({@link ConnectException}, gRPC {@link StatusRuntimeException}, Thrift
 *       {@link TTransportException}), a port that cannot be opened ({@link BindException}), and anything else, as
 *       an "unexpected error".
 * </ul>
 *
 * <p>A command that calls a server may add what to do after a status ({@link ServerClient#adviceOn}): {@code score}
 * says where a caller fails open.
 *
 * <p>Wrappers ({@link UncheckedIOException}, {@link ExecutionException} and the like) are looked through, and when a
 * failure is known only by its cause (an I/O error wrapped by a library), the cause decides, after the wrapper's own
 * message.
 *
 * @param exitCode   the process exit code
 * @param message    one line, without the command name (or a first line and an indented list)
 * @param unexpected whether this is an error Sluice did not foresee, where the trace is worth asking for
 */
record CliFailure(int exitCode, String message, boolean unexpected) {

    /** Cause chains are followed this deep at most (a chain can, in principle, loop). */
    private static final int MAX_CAUSES = 20;

    CliFailure {
        message = oneLine(message);
    }

    /** The line to print: unexpected errors point to {@code --verbose} unless the trace is already shown. */
    String message(boolean verbose) {
        return unexpected && !verbose ? "unexpected error: " + message + " (run with --verbose for details)"
                : unexpected ? "unexpected error: " + message : message;
    }

    /** The failure of {@code command} (the command object that ran) that threw {@code thrown}. */
    static CliFailure of(Throwable thrown, Object command) {
        Throwable top = unwrap(thrown);
        CliFailure known = known(top, command, false);
        if (known != null) {
            return known;
        }
        int depth = 0;
        for (Throwable cause = top.getCause(); cause != null && depth++ < MAX_CAUSES; cause = cause.getCause()) {
            known = known(unwrap(cause), command, true);
            if (known != null) {
                // The wrapper's message usually says what was being done ("read failed after line 3").
                String context = top.getMessage();
                boolean informative = context != null && !context.isBlank() && !context.equals(cause.toString())
                        && !known.message.contains(context);
                return informative ? new CliFailure(known.exitCode, context + ": " + known.message, false) : known;
            }
        }
        return new CliFailure(SluiceCommandLine.EXIT_FAILURE, chain(top), true);
    }

    /** The one-line message for a command line picocli could not parse, clearer than picocli's for a few cases. */
    static String usageMessage(ParameterException e) {
        if (e.getArgSpec() instanceof OptionSpec option && option.isMultiValue()
                && Map.class.isAssignableFrom(option.type()) && e.getMessage() != null
                && e.getMessage().contains("KEY=VALUE format")) {
            String value = e.getValue() != null ? e.getValue() : e.getMessage().replaceFirst(".* but was ", "");
            String example = option.longestName().equals("--set") ? ", e.g. --set grpc.port=50052" : "";
            return option.longestName() + " needs " + option.paramLabel() + example + "; got '" + value + "'";
        }
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        if ("Missing required subcommand".equals(e.getMessage())) {
            return "missing command: one of " + String.join(", ", spec.subcommands().keySet());
        }
        String message = e.getMessage() == null ? "invalid arguments" : e.getMessage();
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()
                && !unmatched.getUnmatched().get(0).startsWith("-") && !spec.subcommands().isEmpty()
                && spec.positionalParameters().isEmpty()) {
            return "unknown command '" + unmatched.getUnmatched().get(0) + "'; the commands are "
                    + String.join(", ", spec.subcommands().keySet());
        }
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            List<String> suggestions = unmatched.getSuggestions();
            message += " (did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size())))
                    + "?)";
        }
        return oneLine(message);
    }

    /**
     * The failure {@code t} stands for, or null if it is not one of the known kinds. As the {@code cause} of another
     * exception, an {@link IllegalArgumentException} is not taken for bad input: a library may have passed a bad
     * argument itself.
     */
    private static CliFailure known(Throwable t, Object command, boolean cause) {
        if (t instanceof ParameterException e && !cause) {
            return badInput(usageMessage(e));
        }
        if (t instanceof IllegalArgumentException && !cause) {
            return badInput(messageOf(t));
        }
        if (t instanceof BadInputException || t instanceof ArtifactException || t instanceof FileNotFoundException) {
            return badInput(messageOf(t));
        }
        if (t instanceof FileSystemException e) {
            return badInput(fileMessage(e));
        }
        if (t instanceof BindException) {
            return failure(messageOf(t));
        }
        if (t instanceof StatusRuntimeException || t instanceof TTransportException || t instanceof ConnectException
                || t instanceof UnknownHostException) {
            return failure(serverMessage(t, command) + advice(t, command));
        }
        return null;
    }

    /** A server that cannot be reached, or that answered with an error status. */
    private static String serverMessage(Throwable t, Object command) {
        String address = command instanceof ServerClient client ? client.serverAddress() : null;
        String hint = command instanceof ServerClient client ? " (" + client.addressOptions() + ")" : "";
        ConnectException refused = find(t, ConnectException.class);
        if (refused != null) {
            if (address == null) {
                return "cannot connect: " + chain(t);
            }
            return String.valueOf(refused.getMessage()).contains("refused")
                    ? "nothing is listening on " + address + " (is the server running? "
                            + ((ServerClient) command).addressOptions() + ")"
                    : "cannot connect to " + address + ": " + refused.getMessage() + hint;
        }
        UnknownHostException unknownHost = find(t, UnknownHostException.class);
        if (unknownHost != null) {
            return address == null ? "unknown host: " + unknownHost.getMessage()
                    : "cannot resolve the host of " + address + hint;
        }
        if (address == null) {
            return chain(t);
        }
        if (find(t, SocketTimeoutException.class) != null) {
            return address + " did not answer in time" + hint;
        }
        if (t instanceof StatusRuntimeException e) {
            Status status = e.getStatus();
            String description = status.getDescription() == null ? "" : ": " + status.getDescription();
            String cause = status.getCause() == null ? "" : " (" + messageOf(status.getCause()) + ")";
            return status.getCode() == Status.Code.UNAVAILABLE
                    ? address + " is unavailable" + description + cause + hint
                    : address + " answered " + status.getCode() + description;
        }
        return "the connection to " + address + " failed: " + chain(t);
    }

    /** The command's advice for the gRPC status {@code t} ended with, as "; advice", or "". */
    private static String advice(Throwable t, Object command) {
        StatusRuntimeException status = find(t, StatusRuntimeException.class);
        String advice = status != null && command instanceof ServerClient client
                ? client.adviceOn(status.getStatus().getCode()) : "";
        return advice.isEmpty() ? "" : "; " + advice;
    }

    private static String fileMessage(FileSystemException e) {
        String reason = e.getReason();
        if (reason == null) {
            reason = e instanceof NoSuchFileException ? "no such file"
                    : e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof FileAlreadyExistsException ? "already exists"
                    : e instanceof NotDirectoryException ? "not a folder"
                    : e instanceof DirectoryNotEmptyException ? "folder not empty"
                    : e.getClass().getSimpleName();
        }
        String file = e.getFile() == null ? "" : e.getFile();
        String other = e.getOtherFile() == null ? "" : " -> " + e.getOtherFile();
        return file + other + ": " + reason;
    }

    /** The exception that matters inside exceptions that only carry another one. */
    private static Throwable unwrap(Throwable t) {
        for (int depth = 0; depth < MAX_CAUSES && t.getCause() != null; depth++) {
            boolean wrapper = t instanceof ExecutionException || t instanceof CompletionException
                    || t instanceof InvocationTargetException || t instanceof UndeclaredThrowableException
                    || (t instanceof UncheckedIOException
                            && (t.getMessage() == null || t.getMessage().equals(t.getCause().toString())));
            if (!wrapper) {
                break;
            }
            t = t.getCause();
        }
        return t;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        int depth = 0;
        for (Throwable c = t; c != null && depth++ < MAX_CAUSES; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    /** The messages down the cause chain, each once. */
    private static String chain(Throwable t) {
        StringBuilder out = new StringBuilder(messageOf(t));
        int depth = 0;
        for (Throwable c = t.getCause(); c != null && depth++ < MAX_CAUSES; c = c.getCause()) {
            String message = messageOf(c);
            if (!out.toString().contains(message)) {
                out.append(": ").append(message);
            }
        }
        return out.toString();
    }

    private static String messageOf(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /** Joins lines, except lines indented by two spaces: those are a list (several configuration problems). */
    private static String oneLine(String text) {
        return text.replaceAll("[ \\t]*\\R(?!  \\S)\\s*", " ").strip();
    }

    private static CliFailure badInput(String message) {
        return new CliFailure(SluiceCommandLine.EXIT_BAD_INPUT, message, false);
    }

    private static CliFailure failure(String message) {
        return new CliFailure(SluiceCommandLine.EXIT_FAILURE, message, false);
    }
}
