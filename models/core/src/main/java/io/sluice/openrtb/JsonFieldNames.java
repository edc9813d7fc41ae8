package io.sluice.openrtb;

import io.sluice.scoring.FieldNames;

/**
 * Names the proto fields of a bid request read from OpenRTB JSON by where the caller wrote them: mostly the same
 * path, except where the mapping moved a value.
 *
 * @param domainField    the JSON field the model's domain came from: {@code site.domain}, {@code app.domain} or
 *                       {@code app.bundle}
 * @param sizeFromFormat whether the first impression's size came from {@code banner.format[0]}
 */
record JsonFieldNames(String domainField, boolean sizeFromFormat) implements FieldNames {

    @Override
    public String of(String field) {
        String path = switch (field) {
            case "site.domain" -> domainField;
            case "imp[0].bidfloor_micros" -> "imp[0].bidfloor";
            case "device.ua_category" -> "device.devicetype";
            case "imp[0].banner.w", "imp[0].banner.h" ->
                    sizeFromFormat ? field.replace("banner.", "banner.format[0].") : field;
            default -> field;
        };
        return "$." + path;
    }
}
