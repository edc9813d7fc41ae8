package io.sluice.spark;

import io.sluice.ingest.FileProbe;
import io.sluice.ingest.Outcome;
import io.sluice.ingest.ParseResult;
import io.sluice.ingest.RequestRow;
import io.sluice.ingest.ShardLayout;
import java.io.Serializable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One input line (or decision record) after its row function ran, on its way to the join: a request, an outcome,
 * or a rejection. Spark carries it as a {@link Row} of {@link #SCHEMA}, so the shuffle stores flat columns.
 *
 * @param part      the shard part of its request id (a rejected line is spread by its location instead)
 * @param key       the join key: the request id, or the location of a rejected line (alone in its group)
 * @param side      whether it was read as a request or an outcome
 * @param location  where it was read
 * @param request   a request row, encoded by {@link RequestRowCodec}; null otherwise
 * @param outcome   an outcome; null otherwise
 * @param rejection why the line could not be used; null otherwise
 */
record ImportLine(int part, String key, Side side, Location location, byte[] request, Outcome outcome,
                  String rejection) implements Serializable {

    /** Which kind of input a line came from. */
    enum Side { REQUEST, OUTCOME }

    /** The columns Spark shuffles and groups; the first three are the grouping key. */
    static final StructType SCHEMA = new StructType()
            .add("part", DataTypes.IntegerType, false)
            .add("rejected", DataTypes.BooleanType, false)
            .add("key", DataTypes.StringType, false)
            .add("side", DataTypes.IntegerType, false)
            .add("file", DataTypes.StringType, false)
            .add("line", DataTypes.LongType, false)
            .add("record", DataTypes.BooleanType, false)
            .add("request", DataTypes.BinaryType, true)
            .add("partner", DataTypes.StringType, true)
            .add("bid", DataTypes.BooleanType, false)
            .add("price_micros", DataTypes.LongType, false)
            .add("response_time_ms", DataTypes.LongType, false)
            .add("rejection", DataTypes.StringType, true);
    /** The grouping key's columns: lines with equal values are joined together. */
    static final String[] GROUP_COLUMNS = {"part", "rejected", "key"};
    /** The columns each group collects, in {@link #fromGroupedRow} order. */
    static final String[] LINE_COLUMNS = {"side", "file", "line", "record", "request", "partner", "bid",
        "price_micros", "response_time_ms", "rejection"};

    /** What a request line's row function gave. */
    static ImportLine ofRequest(ParseResult<RequestRow> parsed, Location location, ShardLayout layout) {
        if (!parsed.ok()) {
            return rejected(Side.REQUEST, location, parsed.rejection(), layout);
        }
        String id = parsed.row().requestId();
        return new ImportLine(layout.part(id), id, Side.REQUEST, location, RequestRowCodec.encode(parsed.row()), null,
                null);
    }

    /** What an outcome line's row function gave. */
    static ImportLine ofOutcome(ParseResult<Outcome> parsed, Location location, ShardLayout layout) {
        if (!parsed.ok()) {
            return rejected(Side.OUTCOME, location, parsed.rejection(), layout);
        }
        String id = parsed.row().requestId();
        return new ImportLine(layout.part(id), id, Side.OUTCOME, location, null, parsed.row(), null);
    }

    /** A line of {@code side} that could not be used. */
    static ImportLine rejected(Side side, Location location, String reason, ShardLayout layout) {
        String key = location.toString();
        return new ImportLine(ShardLayout.bucket(key, layout.partsPerDay()), key, side, location, null, null, reason);
    }

    boolean isRejected() {
        return rejection != null;
    }

    /** Tells {@code probe} whether this line of its file was read or rejected. */
    void noteIn(FileProbe probe) {
        if (isRejected()) {
            probe.rejected(rejection);
        } else {
            probe.accepted();
        }
    }

    /** This line as a row of {@link #SCHEMA}. */
    Row toRow() {
        boolean isOutcome = outcome != null;
        return RowFactory.create(part, isRejected(), key, side.ordinal(), location.file(), location.number(),
                location.record(), request,
                isOutcome ? outcome.partnerId() : null, isOutcome && outcome.bid(),
                isOutcome ? outcome.priceMicros() : Outcome.UNKNOWN,
                isOutcome ? outcome.responseTimeMillis() : Outcome.UNKNOWN, rejection);
    }

    /** The line that {@code row} (a struct of {@link #LINE_COLUMNS}) in the group of {@code key} holds. */
    static ImportLine fromGroupedRow(int part, String key, Row row) {
        Side side = Side.values()[row.getInt(0)];
        Location location = new Location(row.getString(1), row.getLong(2), row.getBoolean(3));
        byte[] request = row.isNullAt(4) ? null : (byte[]) row.get(4);
        Outcome outcome = row.isNullAt(5) ? null
                : new Outcome(key, row.getString(5), row.getBoolean(6), row.getLong(7), row.getLong(8));
        String rejection = row.isNullAt(9) ? null : row.getString(9);
        return new ImportLine(part, key, side, location, request, outcome, rejection);
    }
}
