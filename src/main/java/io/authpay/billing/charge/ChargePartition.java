package io.authpay.billing.charge;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * One of {@code count} disjoint shares of the due charges: those whose {@code CRC32(auth_no) MOD count} is
 * {@code index}. A stable hash of the auth_no, so every charge of one auth_no is in the same partition and
 * two partitions never want one auth_no's lease; the database computes it ({@code CRC32} is MySQL's and
 * MariaDB's), {@link #contains} the same in Java.
 *
 * @param index this partition, 0 to {@code count - 1}
 * @param count how many partitions there are; 1 is all charges
 */
public record ChargePartition(int index, int count) {

    /** Every charge: the run unpartitioned. */
    public static final ChargePartition WHOLE = new ChargePartition(0, 1);

    public ChargePartition {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("partition " + index + " of " + count + " does not exist");
        }
    }

    boolean isWhole() {
        return count == 1;
    }

    /** Whether a charge of {@code authNo} belongs to this partition. */
    public boolean contains(String authNo) {
        CRC32 crc = new CRC32();
        crc.update(authNo.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % count == index;
    }

    /** The SQL condition on {@code column} (an auth_no) with two parameters, {@link #count} then {@link #index}. */
    String condition(String column) {
        return " AND MOD(CRC32(" + column + "), ?) = ?";
    }

    @Override
    public String toString() {
        return isWhole() ? "all charges" : "partition " + index + " of " + count;
    }
}
