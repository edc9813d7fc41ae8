// k6: sluice.v1.Scorer/ScoreStream at a constant arrival rate of streams; each stream sends messages_per_stream
// requests and times every outcome from the moment its request was written. The p99 budget is a threshold on
// that per-message round trip. Settings come from budgets.json, shared with the Java load generator.
import grpc from 'k6/net/grpc';
import { check } from 'k6';
import { Trend, Rate } from 'k6/metrics';

const budgets = JSON.parse(open('./budgets.json'));
const scenario = budgets.scenarios.grpc_stream;
const request = JSON.parse(open('../proto/examples/score-request.json'));
const target = __ENV.SLUICE_GRPC_TARGET || '127.0.0.1:50051';

const roundTrip = new Trend('score_stream_round_trip', true);
const scored = new Rate('score_stream_scored');

const client = new grpc.Client();
// scorer.proto imports google/rpc/status.proto, which the Maven build unpacks; run-k6.sh finds it.
client.load(['../proto/src/main/proto', __ENV.SLUICE_GOOGLEAPIS_PROTO || '.'], 'sluice/v1/scorer.proto');

export const options = {
  scenarios: {
    grpc_stream: {
      executor: 'constant-arrival-rate',
      rate: scenario.rate_per_second,
      timeUnit: '1s',
      duration: scenario.duration,
      preAllocatedVUs: scenario.pre_allocated_vus,
      maxVUs: scenario.max_vus,
    },
  },
  thresholds: {
    score_stream_round_trip: [`p(99)<${scenario.p99_ms}`],
    score_stream_scored: ['rate>0.99'],
  },
};

export default function () {
  if (__ITER === 0) {
    client.connect(target, { plaintext: true });
  }
  const stream = new grpc.Stream(client, 'sluice.v1.Scorer/ScoreStream', { timeout: scenario.deadline });
  const sentAt = [];
  stream.on('data', (outcome) => {
    roundTrip.add(Date.now() - sentAt.shift());
    scored.add(outcome.response !== undefined && outcome.response !== null);
  });
  stream.on('error', (e) => {
    check(e, { 'stream ended without error': () => false });
  });
  for (let i = 0; i < scenario.messages_per_stream; i++) {
    sentAt.push(Date.now());
    stream.write(request);
  }
  stream.end();
}
