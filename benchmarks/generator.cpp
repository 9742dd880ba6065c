// Realistic, seeded manifests: apps made of a workload and its companion objects.
#include "generator.hpp"

#include <algorithm>
#include <array>
#include <iterator>
#include <string_view>

#include <fmt/format.h>

namespace shipshape::bench {
namespace {

/// splitmix64: tiny, fast, and the same on every platform (unlike std distributions).
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31U);
  }
  /// Uniform in [0, n).
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  /// Uniform in [lo, hi].
  std::uint64_t between(std::uint64_t lo, std::uint64_t hi) { return lo + below(hi - lo + 1); }
  /// True with probability `percent` / 100.
  bool chance(double percent) { return static_cast<double>(next() >> 11U) * 0x1.0p-53 * 100.0 < percent; }
  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& items) {
    return items[below(N)];
  }

 private:
  std::uint64_t state_;
};

constexpr std::array<std::string_view, 24> kWords{"cart",    "checkout", "payment",  "catalog", "search",    "profile",
                                                  "billing", "ledger",   "auth",     "session", "gateway",   "notify",
                                                  "mailer",  "report",   "export",   "import",  "inventory", "pricing",
                                                  "review",  "shipping", "tracking", "media",   "thumbnail", "audit"};
constexpr std::array<std::string_view, 8> kSuffixes{"api", "worker", "web", "svc", "sync", "cron", "proxy", "store"};
constexpr std::array<std::string_view, 10> kTeams{"retail",   "platform", "data",   "growth", "payments",
                                                  "identity", "ops",      "search", "mobile", "core"};
constexpr std::array<std::string_view, 4> kEnvs{"prod", "staging", "qa", "dev"};
constexpr std::array<std::string_view, 12> kEnvNames{"LOG_LEVEL",
                                                     "HTTP_PORT",
                                                     "DATABASE_HOST",
                                                     "DATABASE_NAME",
                                                     "CACHE_URL",
                                                     "FEATURE_FLAGS",
                                                     "OTEL_EXPORTER_OTLP_ENDPOINT",
                                                     "TIMEOUT_SECONDS",
                                                     "MAX_CONNECTIONS",
                                                     "REGION",
                                                     "QUEUE_NAME",
                                                     "JAVA_OPTS"};
constexpr std::array<std::string_view, 6> kCpu{"50m", "100m", "250m", "500m", "1", "2"};
constexpr std::array<std::string_view, 6> kMemory{"64Mi", "128Mi", "256Mi", "512Mi", "1Gi", "2Gi"};
constexpr std::array<std::string_view, 4> kBadQuantities{"512MB", "1.5 cores", "2gb", "100 m"};

using Out = std::back_insert_iterator<std::string>;

struct App {
  std::string ns;
  std::string name;
  std::string instance;
  std::string team;
  std::string version;
  bool stateful = false;
  bool helm = false;
  std::uint64_t replicas = 2;
};

void labels(Out out, const App& a, int indent, bool full) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  fmt::format_to(out, "{0}app.kubernetes.io/name: {1}\n{0}app.kubernetes.io/instance: {2}\n", pad, a.name, a.instance);
  if (full) {
    fmt::format_to(out,
                   "{0}app.kubernetes.io/version: \"{1}\"\n{0}app.kubernetes.io/part-of: {2}\n"
                   "{0}app.kubernetes.io/managed-by: {3}\n",
                   pad, a.version, a.team, a.helm ? "Helm" : "kustomize");
  }
}

void header(std::string& s, const App& a, std::string_view api, std::string_view kind, std::string_view name,
            std::string_view file) {
  s += "---\n";
  if (a.helm) fmt::format_to(std::back_inserter(s), "# Source: {}/templates/{}.yaml\n", a.name, file);
  fmt::format_to(std::back_inserter(s), "apiVersion: {}\nkind: {}\nmetadata:\n  name: {}\n  namespace: {}\n", api, kind,
                 name, a.ns);
}

std::string hex_digest(Random& r) {
  return fmt::format("{:016x}{:016x}{:016x}{:016x}", r.next(), r.next(), r.next(), r.next());
}

void probe(Out out, std::string_view kind, std::string_view path, std::string_view port, Random& r) {
  if (r.chance(15)) {
    fmt::format_to(out, "          {}:\n            tcpSocket:\n              port: {}\n", kind, port);
  } else {
    fmt::format_to(out, "          {}:\n            httpGet:\n              path: {}\n              port: {}\n", kind,
                   path, port);
  }
  fmt::format_to(
      out, "            initialDelaySeconds: {}\n            periodSeconds: {}\n            failureThreshold: 3\n",
      r.between(0, 30), r.pick(std::array<int, 3>{5, 10, 15}));
}

void container(std::string& s, const App& a, Random& r, bool main) {
  auto out = std::back_inserter(s);
  const std::string cname =
      main ? a.name : std::string(r.pick(std::array<std::string_view, 3>{"envoy", "log-shipper", "metrics-agent"}));
  fmt::format_to(out, "        - name: {}\n          image: registry.example.com/{}/{}:{}\n", cname, a.team, cname,
                 a.version);
  fmt::format_to(out, "          imagePullPolicy: IfNotPresent\n");
  if (r.chance(0.2)) fmt::format_to(out, "          imagePullPolicy: Always\n");  // a duplicate key
  if (main) {
    fmt::format_to(out, "          args:\n            - --config=/etc/{}/config.yaml\n            - --log-level=info\n",
                   a.name);
  }
  const std::uint64_t http = main ? 8080 : 15000 + r.below(100);
  const bool quoted_port = r.chance(1);  // manifest-invalid: containerPort must be an integer
  fmt::format_to(
      out, "          ports:\n            - name: http\n              containerPort: {}\n              protocol: TCP\n",
      quoted_port ? fmt::format("\"{}\"", http) : std::to_string(http));
  if (main) fmt::format_to(out, "            - name: metrics\n              containerPort: 9090\n");
  if (main) {
    fmt::format_to(out, "          env:\n");
    const std::uint64_t n = r.between(2, 10);
    for (std::uint64_t i = 0; i < n; ++i) {
      fmt::format_to(out, "            - name: {}\n              value: \"{}-{}\"\n", kEnvNames[i], a.name,
                     r.below(1000));
    }
    fmt::format_to(out,
                   "            - name: POD_NAME\n              valueFrom:\n                fieldRef:\n"
                   "                  fieldPath: metadata.name\n");
    if (r.chance(40)) {
      fmt::format_to(out,
                     "            - name: DATABASE_PASSWORD\n              valueFrom:\n                secretKeyRef:\n"
                     "                  name: {}-db\n                  key: password\n",
                     a.name);
    }
  }
  // Resources, with the usual slips.
  if (!r.chance(6)) {
    fmt::format_to(out, "          resources:\n");
    const std::size_t cpu = r.below(4);
    const std::size_t mem = r.below(5);
    const bool bad_quantity = r.chance(2);
    if (!r.chance(8)) {
      fmt::format_to(out, "            requests:\n              cpu: {}\n              memory: {}\n",
                     r.chance(3) ? kCpu[cpu + 2] : kCpu[cpu], bad_quantity ? r.pick(kBadQuantities) : kMemory[mem]);
    }
    if (!r.chance(10)) {
      fmt::format_to(out, "            limits:\n");
      if (r.chance(25)) fmt::format_to(out, "              cpu: {}\n", kCpu[cpu]);
      fmt::format_to(out, "              memory: {}\n", r.chance(30) ? kMemory[mem + 1] : kMemory[mem]);
    }
  }
  // Probes: sometimes missing, identical, or naming a port the container does not have.
  const std::string_view port = r.chance(4) ? "admin" : "http";
  if (!r.chance(12)) probe(out, "readinessProbe", "/ready", port, r);
  if (!r.chance(12)) probe(out, "livenessProbe", r.chance(8) ? "/ready" : "/healthz", port, r);
  if (main) {
    fmt::format_to(out,
                   "          volumeMounts:\n            - name: config\n              mountPath: /etc/{}\n"
                   "              readOnly: true\n            - name: tmp\n              mountPath: /tmp\n",
                   a.name);
  }
  fmt::format_to(out,
                 "          securityContext:\n            allowPrivilegeEscalation: false\n"
                 "            readOnlyRootFilesystem: true\n            capabilities:\n              drop:\n"
                 "                - ALL\n");
}

void workload(std::string& s, const App& a, Random& r) {
  auto out = std::back_inserter(s);
  header(s, a, "apps/v1", a.stateful ? "StatefulSet" : "Deployment", a.name, a.stateful ? "statefulset" : "deployment");
  fmt::format_to(out, "  labels:\n");
  labels(out, a, 4, true);
  fmt::format_to(out, "  annotations:\n    team.example.com/owner: {}\n    deployment.kubernetes.io/revision: \"{}\"\n",
                 a.team, r.between(1, 40));
  if (r.chance(3)) fmt::format_to(out, "    shipshape.io/ignore: liveness-probe-missing\n");
  fmt::format_to(out, "spec:\n  replicas: {}\n  revisionHistoryLimit: 5\n", a.replicas);
  if (a.stateful) fmt::format_to(out, "  serviceName: {}\n", a.name);
  fmt::format_to(out, "  selector:\n    matchLabels:\n");
  labels(out, a, 6, false);
  if (!a.stateful) {
    fmt::format_to(
        out,
        "  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 25%\n      maxUnavailable: 0\n");
  }
  fmt::format_to(out, "  template:\n    metadata:\n      labels:\n");
  labels(out, a, 8, false);
  fmt::format_to(out,
                 "      annotations:\n        prometheus.io/scrape: \"true\"\n        prometheus.io/port: \"9090\"\n"
                 "        checksum/config: {}\n",
                 hex_digest(r));
  fmt::format_to(
      out,
      "    spec:\n      serviceAccountName: {}\n      terminationGracePeriodSeconds: {}\n"
      "      securityContext:\n        runAsNonRoot: true\n        runAsUser: 10001\n        fsGroup: 10001\n",
      a.name, r.pick(std::array<int, 3>{30, 60, 120}));
  fmt::format_to(out, "      containers:\n");
  container(s, a, r, true);
  if (r.chance(30)) container(s, a, r, false);
  if (r.chance(20)) {
    fmt::format_to(
        out,
        "      initContainers:\n        - name: migrate\n          image: registry.example.com/{}/{}-migrate:{}\n"
        "          command: [\"/bin/migrate\", \"up\"]\n          resources:\n            requests:\n"
        "              cpu: 100m\n              memory: 64Mi\n            limits:\n              memory: 128Mi\n",
        a.team, a.name, a.version);
  }
  if (r.chance(35)) {
    fmt::format_to(
        out,
        "      affinity:\n        podAntiAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n"
        "            - weight: 100\n              podAffinityTerm:\n                topologyKey: "
        "kubernetes.io/hostname\n"
        "                labelSelector:\n                  matchLabels:\n                    app.kubernetes.io/name: "
        "{}\n",
        a.name);
  }
  if (r.chance(25)) {
    fmt::format_to(out,
                   "      tolerations:\n        - key: dedicated\n          operator: Equal\n          value: {}\n"
                   "          effect: NoSchedule\n",
                   a.team);
  }
  fmt::format_to(out,
                 "      volumes:\n        - name: config\n          configMap:\n            name: {}-config\n"
                 "        - name: tmp\n          emptyDir:\n            sizeLimit: {}\n",
                 a.name, r.chance(1) ? "1 GB" : "256Mi");
  if (a.stateful) {
    fmt::format_to(out,
                   "  volumeClaimTemplates:\n    - metadata:\n        name: data\n      spec:\n"
                   "        accessModes: [\"ReadWriteOnce\"]\n        storageClassName: ssd\n        resources:\n"
                   "          requests:\n            storage: {}Gi\n",
                   r.pick(std::array<int, 4>{10, 20, 50, 100}));
  }
}

void service(std::string& s, const App& a, Random& r) {
  auto out = std::back_inserter(s);
  header(s, a, "v1", "Service", a.name, "service");
  fmt::format_to(out, "  labels:\n");
  labels(out, a, 4, true);
  fmt::format_to(out, "spec:\n  type: {}\n  selector:\n", r.chance(10) ? "LoadBalancer" : "ClusterIP");
  labels(out, a, 4, false);
  fmt::format_to(out,
                 "  ports:\n    - name: http\n      port: 80\n      targetPort: http\n      protocol: TCP\n"
                 "    - name: metrics\n      port: 9090\n      targetPort: 9090\n");
}

void config_map(std::string& s, const App& a, Random& r, std::string_view name) {
  auto out = std::back_inserter(s);
  header(s, a, "v1", "ConfigMap", name, "configmap");
  fmt::format_to(out, "  labels:\n");
  labels(out, a, 4, true);
  fmt::format_to(out, "data:\n  LOG_FORMAT: json\n  REGION: eu-west-{}\n  config.yaml: |\n", r.between(1, 3));
  const std::uint64_t lines = r.between(4, 30);
  for (std::uint64_t i = 0; i < lines; ++i) {
    fmt::format_to(out, "    {}_{}:\n      enabled: {}\n      endpoint: https://{}.{}.svc.cluster.local:{}/v{}\n",
                   r.pick(kWords), i, r.chance(50) ? "true" : "false", r.pick(kWords), a.ns, r.between(80, 9000),
                   r.between(1, 3));
  }
}

void hpa(std::string& s, const App& a, Random& r) {
  auto out = std::back_inserter(s);
  header(s, a, "autoscaling/v2", "HorizontalPodAutoscaler", a.name, "hpa");
  fmt::format_to(out, "  labels:\n");
  labels(out, a, 4, true);
  fmt::format_to(out,
                 "spec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: {}\n    name: {}\n"
                 "  minReplicas: {}\n  maxReplicas: {}\n  metrics:\n    - type: Resource\n      resource:\n"
                 "        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: {}\n",
                 a.stateful ? "StatefulSet" : "Deployment", a.name, r.between(1, 3), r.between(4, 20),
                 r.pick(std::array<int, 3>{60, 70, 80}));
}

void pdb(std::string& s, const App& a, Random& r) {
  auto out = std::back_inserter(s);
  header(s, a, "policy/v1", "PodDisruptionBudget", a.name, "pdb");
  fmt::format_to(out, "  labels:\n");
  labels(out, a, 4, true);
  fmt::format_to(out, "spec:\n  {}\n  selector:\n    matchLabels:\n",
                 r.chance(50) ? "minAvailable: 1" : "maxUnavailable: 25%");
  labels(out, a, 6, false);
}

void ingress(std::string& s, const App& a, Random& r) {
  auto out = std::back_inserter(s);
  header(s, a, "networking.k8s.io/v1", "Ingress", a.name, "ingress");
  fmt::format_to(out, "  labels:\n");
  labels(out, a, 4, true);
  fmt::format_to(out,
                 "  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\n"
                 "    nginx.ingress.kubernetes.io/proxy-body-size: {}m\n"
                 "spec:\n  ingressClassName: nginx\n  tls:\n    - hosts:\n        - {}.{}.example.com\n"
                 "      secretName: {}-tls\n  rules:\n    - host: {}.{}.example.com\n      http:\n        paths:\n"
                 "          - path: /\n            pathType: Prefix\n            backend:\n              service:\n"
                 "                name: {}\n                port:\n                  name: http\n",
                 r.between(1, 64), a.name, a.ns, a.name, a.name, a.ns, a.name);
}

void network_policy(std::string& s, const App& a, Random& r) {
  auto out = std::back_inserter(s);
  header(s, a, "networking.k8s.io/v1", "NetworkPolicy", a.name + "-ingress", "networkpolicy");
  fmt::format_to(out, "spec:\n  podSelector:\n    matchLabels:\n");
  labels(out, a, 6, false);
  fmt::format_to(
      out,
      "  policyTypes:\n    - Ingress\n  ingress:\n    - from:\n        - namespaceSelector:\n"
      "            matchLabels:\n              kubernetes.io/metadata.name: {}\n        - podSelector:\n"
      "            matchExpressions:\n              - key: app.kubernetes.io/part-of\n                operator: In\n"
      "                values: [{}, {}]\n      ports:\n        - port: {}\n",
      r.chance(50) ? "ingress-nginx" : a.ns, a.team, r.pick(kTeams), r.chance(50) ? "http" : "8080");
}

void namespace_objects(std::string& s, const App& a, Random& r, std::vector<std::size_t>& ends) {
  auto out = std::back_inserter(s);
  fmt::format_to(out,
                 "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n"
                 "  namespace: {}\nspec:\n  podSelector: {{}}\n  policyTypes:\n    - Ingress\n    - Egress\n",
                 a.ns);
  ends.push_back(s.size());
  if (r.chance(20)) {
    fmt::format_to(out,
                   "---\napiVersion: v1\nkind: LimitRange\nmetadata:\n  name: defaults\n  namespace: {}\nspec:\n"
                   "  limits:\n    - type: Container\n      default:\n        memory: 512Mi\n      defaultRequest:\n"
                   "        cpu: 100m\n        memory: 256Mi\n",
                   a.ns);
    ends.push_back(s.size());
  }
}

}  // namespace

std::vector<GeneratedApp> generate_apps(std::uint64_t objects, std::uint64_t seed) {
  Random r(seed);
  std::vector<GeneratedApp> apps;
  const std::uint64_t namespaces = std::max<std::uint64_t>(4, objects / 120);
  const std::uint64_t apps_per_ns = std::max<std::uint64_t>(1, objects / 6 / namespaces);
  std::uint64_t made = 0;
  std::uint64_t i = 0;
  while (made < objects) {
    App a;
    const std::uint64_t ns_index = std::min(i / apps_per_ns, namespaces - 1);
    const bool first_in_ns = i % apps_per_ns == 0 && i / apps_per_ns < namespaces;
    a.ns = fmt::format("{}-{}-{}", kTeams[ns_index % kTeams.size()], kEnvs[(ns_index / kTeams.size()) % kEnvs.size()],
                       ns_index);
    a.name = fmt::format("{}-{}-{}", r.pick(kWords), r.pick(kSuffixes), i);
    a.instance = fmt::format("{}-{}", a.name, kEnvs[ns_index % kEnvs.size()]);
    a.team = std::string(kTeams[ns_index % kTeams.size()]);
    a.version = fmt::format("{}.{}.{}", r.between(0, 4), r.between(0, 30), r.between(0, 12));
    a.stateful = r.chance(15);
    a.helm = r.chance(30);
    a.replicas = r.between(1, 6);

    // Each object is appended to `s`; `ends` records where each one stops, so the count can be
    // cut exactly at `objects`.
    std::string s;
    std::vector<std::size_t> ends;
    if (first_in_ns) namespace_objects(s, a, r, ends);
    config_map(s, a, r, a.name + "-config");
    ends.push_back(s.size());
    if (r.chance(0.5)) {  // the same ConfigMap twice
      config_map(s, a, r, a.name + "-config");
      ends.push_back(s.size());
    }
    workload(s, a, r);
    ends.push_back(s.size());
    service(s, a, r);
    ends.push_back(s.size());
    if (r.chance(60)) {
      hpa(s, a, r);
      ends.push_back(s.size());
    }
    if (r.chance(50)) {
      pdb(s, a, r);
      ends.push_back(s.size());
    }
    if (r.chance(40)) {
      ingress(s, a, r);
      ends.push_back(s.size());
    }
    if (r.chance(30)) {
      network_policy(s, a, r);
      ends.push_back(s.size());
    }
    const std::uint64_t take = std::min<std::uint64_t>(ends.size(), objects - made);
    s.resize(ends[take - 1]);
    apps.push_back({a.ns, a.name, std::move(s), static_cast<std::uint32_t>(take)});
    made += take;
    ++i;
  }
  return apps;
}

}  // namespace shipshape::bench
