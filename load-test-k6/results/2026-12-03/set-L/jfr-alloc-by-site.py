# Allocation per call by site from JFR's jdk.ObjectAllocationSample events of the JMH worker thread (set L).
# Usage: jfr print --json --events jdk.ObjectAllocationSample run.jfr > run.json
#        python3 jfr-alloc-by-site.py run.json LAST_SECONDS B_PER_OP
# Only samples of the last LAST_SECONDS (the measurement iterations) count; each sample's weight is scaled so
# the total is JMH's gc.alloc.rate.norm (B_PER_OP). A sample goes to the category of its first frame (from the
# allocation up) that names one: tracing, metrics, mapping (legacy -> v1), handler, scoring, thrift (libthrift).
import json, sys, collections
d = json.load(open(sys.argv[1])); last = float(sys.argv[2]); bop = float(sys.argv[3])
from datetime import datetime
def t(s): return datetime.fromisoformat(s.replace('Z','')[:26]).timestamp()
ev = [e['values'] for e in d['recording']['events'] if 'jmh-worker' in e['values']['eventThread']['javaName']]
end = max(t(v['startTime']) for v in ev)
ev = [v for v in ev if t(v['startTime']) >= end - last]
rules = [('tracing', ('SampledServerSpans', 'DrawnTraceIds', 'SdkSpan', 'SdkTracer', 'BatchSpanProcessor', 'TraceId', 'AwsXray', 'SpanId')),
         ('metrics', ('ServingMetrics', 'BoundInstruments', 'ScoringMetrics')),
         ('mapping', ('LegacyRequestMapper', 'MatchOps', 'IntPipeline', 'BidRequest$Builder', 'Imp$Builder', 'Site$Builder', 'Device$Builder', 'Geo$Builder')),
         ('handler', ('LegacyFilterHandler', 'ObservedLegacyFilter')),
         ('scoring', ('ScoreResponse$Builder', 'PartnerScore$Builder', 'ScoringService', 'FeatureExtractor', 'RequestTime', 'RequestInput', 'Predictor', 'Shaping')),
         ('thrift', ('TBaseProcessor', 'TBinaryProtocol', 'ProcessFunction', 'StandardScheme', 'filter_args', 'filter_result'))]
cat = collections.Counter(); site = collections.Counter(); total = 0
for v in ev:
    w = v['weight']; total += w
    frames = [f['method']['type']['name'].split('/')[-1] + '.' + f['method']['name'] + ':' + str(f['lineNumber']) for f in (v['stackTrace']['frames'] if v['stackTrace'] else [])]
    c = 'other'
    for f in frames:
        hit = [name for name, keys in rules if any(k in f for k in keys)]
        if hit: c = hit[0]; break
    cls = v['objectClass']['name'].split('/')[-1]
    cat[c] += w
    # first non-JDK frame as site
    own = next((f for f in frames if not f.split('.')[0] in ('Arrays','String','StringLatin1','StringUTF16','ArrayList','Collections','Instant','DirectMethodHandle','DirectMethodHandle$Holder','Invokers$Holder','StreamSupport','MatchOps','IntPipeline','AbstractPipeline','MatchOps$MatchOp','CharSequence')), frames[0] if frames else '?')
    site[(c, cls, own)] += w
print(len(ev), 'samples in last', last, 's; B/op', bop)
for k, w in cat.most_common(): print(f'{k:8s} {100*w/total:5.1f}%  ~{bop*w/total:6.0f} B/op')
print()
for k, w in site.most_common(60): print(f'{bop*w/total:6.0f} B/op {k[0]:8s} {k[1]:35s} {k[2]}')
