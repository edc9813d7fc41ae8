package io.sluice.openrtb;

import io.sluice.scoring.ScoringException;
import tools.jackson.core.TokenStreamContext;

/** Where a parser is in the document, written as a JSON path ({@code $.imp[0].banner.w}) for a refusal. */
final class JsonPath {

    private JsonPath() {
    }

    /** The path of the value at {@code context}: the property or element being read, or the container itself. */
    static String of(TokenStreamContext context) {
        StringBuilder path = new StringBuilder();
        append(context, path);
        return path.toString();
    }

    private static void append(TokenStreamContext context, StringBuilder path) {
        if (context == null || context.inRoot()) {
            path.append('$');
            return;
        }
        append(context.getParent(), path);
        if (context.inArray() && context.hasCurrentIndex()) {
            path.append('[').append(context.getCurrentIndex()).append(']');
        } else if (context.inObject() && context.currentName() != null) {
            // A caller's property name (inside ext, say) is echoed only in part.
            path.append('.').append(ScoringException.shortened(context.currentName()));
        }
    }
}
