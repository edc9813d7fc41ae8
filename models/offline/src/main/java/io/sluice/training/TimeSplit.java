package io.sluice.training;

/**
 * Train / validation / test split of rows in arrival-time order: the oldest rows train, the next validate (early
 * stopping, calibration, thresholds), the newest test. Splitting by time rather than at random keeps tomorrow's
 * traffic out of training, as in production.
 *
 * @param trainRows      rows {@code [0, trainRows)}
 * @param validationRows the following rows
 * @param testRows       the newest rows, up to the end
 */
public record TimeSplit(int trainRows, int validationRows, int testRows) {

    public TimeSplit {
        if (trainRows < 1 || validationRows < 1 || testRows < 1) {
            throw new IllegalArgumentException("every split needs at least one row, got train " + trainRows
                    + ", validation " + validationRows + ", test " + testRows);
        }
    }

    /** Splits {@code rows} by the given leading shares; the test split gets the rest. */
    public static TimeSplit of(int rows, double trainFraction, double validationFraction) {
        int trainEnd = (int) (rows * trainFraction);
        int validationEnd = (int) (rows * (trainFraction + validationFraction));
        if (trainEnd < 1 || validationEnd <= trainEnd || validationEnd >= rows) {
            throw new IllegalArgumentException("too few rows (" + rows + ") for a train/validation/test split");
        }
        return new TimeSplit(trainEnd, validationEnd - trainEnd, rows - validationEnd);
    }

    public int rows() {
        return trainRows + validationRows + testRows;
    }

    /** First row of the validation split. */
    public int validationStart() {
        return trainRows;
    }

    /** First row of the test split. */
    public int testStart() {
        return trainRows + validationRows;
    }
}
