// The legacy bid-request filter contract, kept wire-compatible with the SSP auction servers' clients.
// Do not change names, field ids or types: deployed clients were generated from this IDL.
// Errors are reported as TApplicationException (no `throws` clause), which old clients already handle.

namespace java com.aik.filterapi

struct BidRequest {
  1: string bidId,
  2: i32 dayOfWeek,
  3: string hour,
  4: string regionId,
  5: string cityId,
  6: string domainId,
  7: string advertiserId,
  8: i64 biddingPrice,
  9: i64 payingPrice,
  10: string userAgent,
  11: i32 deviceTypeId
}

struct BidResponse {
  1: double likelihoodToBid
}

service BidRequestFilter {
  BidResponse filter(1: BidRequest request)
}
