// sensitive-hostpath: hostPath volumes that expose the node's system or runtime files.
#include <array>
#include <vector>

#include "rules/security.hpp"

namespace shipshape::rules {
namespace {

const RuleInfo kInfo{
    .id = "sensitive-hostpath",
    .section = kGovernance,
    .group = "Pod security",
    .severity = Severity::error,
    .enabled = true,
    .summary =
        "A hostPath volume points at a sensitive path of the node (/, /etc, /proc, /sys, /dev, /boot, "
        "/root, the kubelet's and the container runtime's directories, runtime sockets and the like).",
    .applies_to = "hostPath volumes of every workload",
    .rationale =
        "These paths hand the pod control over the node: a container runtime socket starts privileged "
        "containers at will, /var/lib/kubelet holds every pod's secrets and the kubelet's credentials, "
        "/etc and /root hold the node's keys and configuration, /proc, /sys and /dev reach the kernel "
        "and devices directly. A read-only mount does not help much: reading is already enough for "
        "most of them, and a socket is fully usable read-only.",
    .remediation =
        "Remove the volume. Use the Kubernetes API, a CSI driver or a dedicated node agent instead of "
        "reaching into the node; when a node agent truly needs the path, exempt it explicitly.",
    .bad_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: builder
spec:
  containers:
    - name: builder
      image: docker:27
      volumeMounts:
        - {name: docker, mountPath: /var/run/docker.sock}
  volumes:
    - name: docker
      hostPath:
        path: /var/run/docker.sock
)yaml",
    .good_example = R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: collector
spec:
  containers:
    - name: collector
      image: collector:1
      volumeMounts:
        - {name: logs, mountPath: /var/log, readOnly: true}
  volumes:
    - name: logs
      hostPath:
        path: /var/log
)yaml",
    .notes =
        "A path is sensitive when it is one of the listed paths or a directory above one (mounting /var "
        "exposes /var/lib/kubelet), or when it lies inside /proc, /boot, /root, /etc/kubernetes, "
        "/var/lib/kubelet, /var/lib/docker, /var/lib/containerd, /var/lib/etcd or a runtime's socket "
        "directory. Any file named docker.sock, containerd.sock, crio.sock, cri-dockerd.sock, "
        "dockershim.sock or podman.sock is a runtime socket wherever it lives. Other paths inside /etc, "
        "/sys and /dev (for example /etc/ssl/certs, /sys/fs/cgroup, /dev/fuse) are left to hostpath-volume. "
        "Paths are normalised first (repeated and trailing slashes, . and .. segments).",
};

// The path itself and every directory above it are sensitive.
constexpr std::array<std::string_view, 18> kExact{
    "/",
    "/etc",
    "/proc",
    "/sys",
    "/dev",
    "/boot",
    "/root",
    "/var/lib/kubelet",
    "/var/lib/docker",
    "/var/lib/containerd",
    "/var/lib/etcd",
    "/etc/kubernetes",
    "/var/run/docker.sock",
    "/var/run/containerd/containerd.sock",
    "/var/run/crio/crio.sock",
    "/run/containerd/containerd.sock",
    "/run/crio/crio.sock",
    "/var/run/cri-dockerd.sock",
};

// Everything inside these directories is sensitive too.
constexpr std::array<std::string_view, 13> kTrees{
    "/proc",
    "/boot",
    "/root",
    "/etc/kubernetes",
    "/var/lib/kubelet",
    "/var/lib/docker",
    "/var/lib/containerd",
    "/var/lib/etcd",
    "/var/run/containerd",
    "/run/containerd",
    "/var/run/crio",
    "/run/crio",
    "/var/run/docker",
};

constexpr std::array<std::string_view, 6> kSockets{"docker.sock",      "containerd.sock", "crio.sock",
                                                   "cri-dockerd.sock", "dockershim.sock", "podman.sock"};

std::string normalize_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i <= path.size()) {
    std::size_t end = path.find('/', i);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view part = path.substr(i, end - i);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    i = end + 1;
  }
  std::string out;
  for (auto p : parts) {
    out += '/';
    out += p;
  }
  return out.empty() ? "/" : out;
}

bool inside(std::string_view path, std::string_view dir) {
  if (dir == "/") return true;
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/';
}

/// Why a normalised path is sensitive, or empty.
std::string sensitivity(const std::string& path) {
  const std::string_view base = std::string_view(path).substr(path.rfind('/') + 1);
  for (auto s : kSockets) {
    if (base == s) return "a container runtime socket";
  }
  for (auto s : kExact) {
    if (path == s) return "a sensitive host path";
    if (inside(s, path)) return fmt::format("a directory that contains {}", s);
  }
  for (auto t : kTrees) {
    if (inside(path, t)) return fmt::format("a path inside {}", t);
  }
  return {};
}

class SensitiveHostpath final : public BasicRule {
 public:
  SensitiveHostpath() : BasicRule(kInfo) {}
  [[nodiscard]] Scope scope() const override { return Scope::workloads().with_fragments(); }

  void check(const Resource& r, Context& ctx) const override {
    const FieldPath base = FieldPath::parse(r.pod().spec_path).key("volumes");
    std::size_t i = 0;
    for (Value volume : r.pod().spec["volumes"].items()) {
      const Value path = volume["hostPath"]["path"];
      const std::size_t index = i++;
      if (!path.is_scalar() || path.str().empty()) continue;
      const std::string normalized = normalize_path(path.str());
      const std::string why = sensitivity(normalized);
      if (why.empty()) continue;
      ctx.report(r, path, base.index(index).key("hostPath").key("path"),
                 fmt::format("volume \"{}\" mounts {}{} from the host: {}", volume["name"].str(), path.str(),
                             normalized == path.str() || normalized + "/" == path.str()
                                 ? std::string{}
                                 : fmt::format(" (that is, {})", normalized),
                             why));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_sensitive_hostpath() { return std::make_unique<SensitiveHostpath>(); }

}  // namespace shipshape::rules
