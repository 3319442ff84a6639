package io.authpay.billing.sandbox;

/** The status of a binding as {@code detail} reports it. */
public enum SandboxBindingStatus {
    /** Created, the user has not approved it yet: charges answer 301. */
    UNGRANTED("ungranted"),
    /** Approved by the user: it can be charged. */
    GRANTED("granted"),
    /** Cancelled by the merchant or the user: charges answer 302. */
    CANCELLED("cancel");

    private final String wireName;

    SandboxBindingStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The status on the wire: {@code ungranted}, {@code granted} or {@code cancel}. */
    public String wireName() {
        return wireName;
    }
}
