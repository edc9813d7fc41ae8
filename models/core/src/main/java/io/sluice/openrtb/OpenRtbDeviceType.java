package io.sluice.openrtb;

import io.sluice.features.DeviceCategory;
import java.util.Optional;

/**
 * OpenRTB's {@code device.devicetype} (OpenRTB 2.5 list 5.21, AdCOM "Device Types" in 2.6) and the model's
 * {@link DeviceCategory} each code stands for, which the mapper carries as {@code device.ua_category}. The categories
 * are the ones {@link DeviceCategory#ofUserAgent} gives such devices' user agents, which is what the model was trained
 * on: tablets and televisions are {@link DeviceCategory#APPLIANCE} there, and OpenRTB does not tell a smartphone from
 * a feature phone.
 */
public enum OpenRtbDeviceType {
    MOBILE_TABLET(1, DeviceCategory.SMARTPHONE),
    PERSONAL_COMPUTER(2, DeviceCategory.PC),
    CONNECTED_TV(3, DeviceCategory.APPLIANCE),
    PHONE(4, DeviceCategory.SMARTPHONE),
    TABLET(5, DeviceCategory.APPLIANCE),
    CONNECTED_DEVICE(6, DeviceCategory.APPLIANCE),
    SET_TOP_BOX(7, DeviceCategory.APPLIANCE),
    OOH_DEVICE(8, DeviceCategory.MISC);

    private final int code;
    private final DeviceCategory category;

    OpenRtbDeviceType(int code, DeviceCategory category) {
        this.code = code;
        this.category = category;
    }

    /** The type of OpenRTB code {@code code}, or empty for a code the list does not define. */
    public static Optional<OpenRtbDeviceType> ofCode(int code) {
        for (OpenRtbDeviceType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The OpenRTB code. */
    public int code() {
        return code;
    }

    /** The model's device category for this type. */
    public DeviceCategory category() {
        return category;
    }
}
