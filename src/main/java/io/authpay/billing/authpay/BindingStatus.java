package io.authpay.billing.authpay;

/** The {@code status} of a binding as {@code detail} reports it. */
public enum BindingStatus {
    /** {@code ungranted}: the user has not authorized yet; cannot be charged or cancelled. */
    UNGRANTED("ungranted"),
    /** {@code granted}: can be charged. */
    GRANTED("granted"),
    /** {@code cancel}: the user or the merchant cancelled it; stop charging. */
    CANCELLED("cancel"),
    /** Any other value: ask again later, do not act on it. */
    UNRECOGNISED(null);

    private final String wireValue;

    BindingStatus(String wireValue) {
        this.wireValue = wireValue;
    }

    /** The value on the wire; null for {@link #UNRECOGNISED}. */
    public String wireValue() {
        return wireValue;
    }

    /** The status of a wire value; {@link #UNRECOGNISED} for anything undocumented. */
    public static BindingStatus fromWire(String value) {
        for (BindingStatus status : values()) {
            if (status.wireValue != null && status.wireValue.equals(value)) {
                return status;
            }
        }
        return UNRECOGNISED;
    }
}
