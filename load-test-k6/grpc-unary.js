// k6: unary sluice.v1.Scorer/Score at a constant arrival rate (open loop), with the p99 budget as a threshold.
// Rate, duration and budget come from budgets.json, which the Java load generator reads too.
// Run from the repository root against a local server: see load-test-k6/README.md.
import grpc from 'k6/net/grpc';
import { check } from 'k6';

const budgets = JSON.parse(open('./budgets.json'));
const scenario = budgets.scenarios.grpc_unary;
const request = JSON.parse(open('../proto/examples/score-request.json'));
const target = __ENV.SLUICE_GRPC_TARGET || '127.0.0.1:50051';

const client = new grpc.Client();
// scorer.proto imports google/rpc/status.proto, which the Maven build unpacks; run-k6.sh finds it.
client.load(['../proto/src/main/proto', __ENV.SLUICE_GOOGLEAPIS_PROTO || '.'], 'sluice/v1/scorer.proto');

export const options = {
  scenarios: {
    grpc_unary: {
      executor: 'constant-arrival-rate',
      rate: scenario.rate_per_second,
      timeUnit: '1s',
      duration: scenario.duration,
      preAllocatedVUs: scenario.pre_allocated_vus,
      maxVUs: scenario.max_vus,
    },
  },
  thresholds: {
    grpc_req_duration: [`p(99)<${scenario.p99_ms}`],
    checks: ['rate>0.99'],
  },
};

export default function () {
  if (__ITER === 0) {
    client.connect(target, { plaintext: true });
  }
  const response = client.invoke('sluice.v1.Scorer/Score', request, { timeout: scenario.deadline });
  check(response, { 'status is OK': (r) => r && r.status === grpc.StatusOK });
}
