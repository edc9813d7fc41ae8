package io.sluice.service.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The value types settings are declared with; each carries its unit syntax and its constraint. */
public final class ValueTypes {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private ValueTypes() {
    }

    /** Text (trimmed) that {@code accepted} admits; {@code expected} says what that is. */
    public static ValueType<String> text(String expected, Predicate<String> accepted) {
        return of(expected, text -> require(text, accepted.test(text)), Function.identity());
    }

    public static ValueType<Boolean> bool() {
        return of("true or false", text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(text);
        }, String::valueOf);
    }

    /**
     * A whole number from {@code min} to {@code max}; {@code noun} names what is counted, with its unit
     * ("a number of threads", "a port number").
     */
    public static ValueType<Integer> integer(String noun, int min, int max) {
        String expected = max - min == 1 ? min + " or " + max
                : max == Integer.MAX_VALUE ? noun + ", at least " + min
                : noun + " from " + min + " to " + max;
        return of(expected, text -> {
            int value = Integer.parseInt(text);
            return require(value, value >= min && value <= max);
        }, String::valueOf);
    }

    /** A number from 0 to 1, such as a sampling ratio. */
    public static ValueType<Double> fraction() {
        return of("a number from 0 to 1", text -> {
            double value = Double.parseDouble(text);
            return require(value, value >= 0 && value <= 1);
        }, String::valueOf);
    }

    /** A number above 0 and at most 1, such as a share that must keep something. */
    public static ValueType<Double> positiveFraction() {
        return of("a number above 0 and at most 1", text -> {
            double value = Double.parseDouble(text);
            return require(value, value > 0 && value <= 1);
        }, String::valueOf);
    }

    /** A finite number above 0; {@code noun} names what is counted, with its unit ("a number of requests per second"). */
    public static ValueType<Double> positiveNumber(String noun) {
        return of(noun + ", above 0", text -> {
            double value = Double.parseDouble(text);
            return require(value, value > 0 && !Double.isInfinite(value));
        }, value -> BigDecimal.valueOf(value).stripTrailingZeros().toPlainString());
    }

    /** Empty text, meaning {@code emptyMeans}, or a value of {@code type}. */
    public static <T> ValueType<Optional<T>> optional(ValueType<T> type, String emptyMeans) {
        return of("empty (" + emptyMeans + ") or " + type.expected(),
                text -> text.isEmpty() ? Optional.empty() : Optional.of(type.parse(text)),
                value -> value.map(type::format).orElse(""));
    }

    /** A duration from {@code min} to {@code max} (null: unbounded), written 250ms, 10s, 5m, 1h or ISO-8601. */
    public static ValueType<Duration> duration(Duration min, Duration max) {
        String expected = "a duration such as 250ms, 10s, 5m or PT10S" + bounds(min, Duration.ZERO, max,
                ValueTypes::formatDuration);
        return of(expected, text -> {
            Duration value = parseDuration(text);
            return require(value, value.compareTo(min) >= 0 && (max == null || value.compareTo(max) <= 0));
        }, ValueTypes::formatDuration);
    }

    /** A size from {@code min} to {@code max} (null: unbounded), written 65536, 64KiB, 1MiB... */
    public static ValueType<DataSize> size(DataSize min, DataSize max) {
        String expected = "a size such as 64KiB or 1MiB" + bounds(min, DataSize.ofBytes(0), max, DataSize::toString);
        return of(expected, text -> {
            DataSize value = DataSize.parse(text);
            return require(value, value.compareTo(min) >= 0 && (max == null || value.compareTo(max) <= 0));
        }, DataSize::toString);
    }

    /** One of the constants of {@code values}, written in lower case (upper case is accepted too). */
    public static <E extends Enum<E>> ValueType<E> choice(Class<E> values) {
        List<String> names = Arrays.stream(values.getEnumConstants()).map(ValueTypes::lowerCase).toList();
        String expected = names.size() == 1 ? names.get(0) : String.join(", ", names.subList(0, names.size() - 1))
                + " or " + names.get(names.size() - 1);
        return of(expected, text -> Enum.valueOf(values, text.toUpperCase(Locale.ROOT)), ValueTypes::lowerCase);
    }

    /** An http or https URL with a host. */
    public static ValueType<URI> httpUrl() {
        return of("an http(s) URL such as http://localhost:4318", text -> require(URI.create(text), isHttpUrl(text)),
                URI::toString);
    }

    /** Whether {@code text} is an http or https URL with a host. */
    static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}, or ISO-8601 such as {@code PT10S}. */
    static Duration parseDuration(String text) {
        Matcher simple = DURATION.matcher(text);
        if (!simple.matches()) {
            return Duration.parse(text);
        }
        long amount = Long.parseLong(simple.group(1));
        return switch (simple.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** The largest exact unit of h, m, s and ms ({@code 10s}, {@code 250ms}); ISO-8601 below a millisecond. */
    public static String formatDuration(Duration value) {
        if (value.isNegative() || value.getNano() % 1_000_000 != 0) {
            return value.toString();
        }
        long millis = value.toMillis();
        if (millis == 0) {
            return "0s";
        }
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static <T> String bounds(T min, T zero, T max, Function<T, String> format) {
        boolean hasMin = !min.equals(zero);
        if (hasMin && max != null) {
            return ", from " + format.apply(min) + " to " + format.apply(max);
        }
        return hasMin ? ", at least " + format.apply(min) : max != null ? ", at most " + format.apply(max) : "";
    }

    private static String lowerCase(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private static <T> T require(T value, boolean accepted) {
        if (!accepted) {
            throw new IllegalArgumentException("not accepted: " + value);
        }
        return value;
    }

    /**
     * A type whose text form belongs to the value's own class (its parser and printer); {@code expected} says what
     * is accepted. Any runtime exception of the parser means "not accepted".
     */
    public static <T> ValueType<T> of(String expected, Function<String, T> parser, Function<T, String> formatter) {
        return new Basic<>(expected, parser, formatter);
    }

    /** A type from its three parts; any runtime exception of the parser means "not accepted". */
    private record Basic<T>(String expected, Function<String, T> parser, Function<T, String> formatter)
            implements ValueType<T> {

        @Override
        public T parse(String text) {
            try {
                return parser.apply(text);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'" + text + "' is not " + expected, e);
            }
        }

        @Override
        public String format(T value) {
            return formatter.apply(value);
        }
    }
}
