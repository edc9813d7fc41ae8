package io.sluice.importing;

import io.sluice.ingest.RequestRow;

/**
 * A request read back from the join's bucket file: what the join reads, the request's encoding to write into the
 * row as it is, and where it was logged.
 *
 * @param keyed   the row, its request holding only its id (all the join reads of it)
 * @param request the request's protobuf encoding, as parsed from the log
 * @param file    the index of the request input it came from
 * @param number  its line (or record) number there
 */
record SpilledRequest(RequestRow keyed, byte[] request, int file, long number) {
}
