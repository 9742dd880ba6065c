// The Kubernetes API data (decoding, catalogs, lifecycles) and the name formats of the validator.
#include <boost/test/unit_test.hpp>

#include "k8s_api/api_data.hpp"
#include "k8s_api/formats.hpp"

using namespace shipshape;
using namespace shipshape::k8s;

namespace {

/// The node a property of a definition's node designates, resolved in `c`.
const Node* property(const Catalog& c, NodeRef object, std::string_view name) {
  const Node& n = c.schema().node(c.resolve(object));
  const Property* p = c.schema().find(n, name);
  if (!p) return nullptr;
  const NodeRef r = c.resolve(p->node);
  return r == kNoNode ? nullptr : &c.schema().node(r);
}

NodeRef property_ref(const Catalog& c, NodeRef object, std::string_view name) {
  const Node& n = c.schema().node(c.resolve(object));
  const Property* p = c.schema().find(n, name);
  return p ? p->node : kNoNode;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(k8s_api)

BOOST_AUTO_TEST_CASE(data_covers_every_minor_from_1_16) {
  const ApiData& data = ApiData::get();
  BOOST_TEST(data.oldest_minor() == 16);
  BOOST_TEST(data.newest_minor() >= 37);
  BOOST_TEST(ApiData::embedded_size() > 50'000U);
  BOOST_TEST(ApiData::embedded_size() < 400'000U);
  for (int minor = data.oldest_minor(); minor <= data.newest_minor(); ++minor) {
    const Catalog& c = data.catalog(minor);
    BOOST_TEST(c.minor() == minor);
    BOOST_TEST(c.find("apps", "v1", "Deployment") != nullptr, "1." << minor << " serves apps/v1 Deployment");
    BOOST_TEST(c.find("", "v1", "Pod") != nullptr);
  }
  // Outside the data: the nearest version.
  BOOST_TEST(data.catalog(10).minor() == 16);
  BOOST_TEST(data.catalog(99).minor() == data.newest_minor());
}

BOOST_AUTO_TEST_CASE(kinds_come_and_go) {
  const ApiData& data = ApiData::get();
  BOOST_TEST(data.catalog(20).find("networking.k8s.io", "v1", "Ingress") != nullptr);
  BOOST_TEST(data.catalog(18).find("networking.k8s.io", "v1", "Ingress") == nullptr);
  BOOST_TEST(data.catalog(24).find("batch", "v1beta1", "CronJob") != nullptr);
  BOOST_TEST(data.catalog(25).find("batch", "v1beta1", "CronJob") == nullptr);
  const std::uint64_t minors = data.serving("batch", "v1beta1", "CronJob");
  BOOST_TEST((minors >> 24U & 1U) == 1U);
  BOOST_TEST((minors >> 25U & 1U) == 0U);
  BOOST_TEST(data.serving("apps", "v1beta3", "Deployment") == 0U);
  BOOST_TEST(data.builtin_group(""));
  BOOST_TEST(data.builtin_group("apps"));
  BOOST_TEST(data.builtin_group("extensions"));
  BOOST_TEST(!data.builtin_group("argoproj.io"));
}

BOOST_AUTO_TEST_CASE(lifecycles_name_removals_and_replacements) {
  const ApiData& data = ApiData::get();
  struct Case {
    std::string_view group, version, kind;
    int deprecated, removed;
    std::string_view replacement;
  };
  for (const Case& c : {
           Case{"extensions", "v1beta1", "Deployment", 9, 16, "apps/v1"},
           Case{"extensions", "v1beta1", "Ingress", 14, 22, "networking.k8s.io/v1"},
           Case{"networking.k8s.io", "v1beta1", "Ingress", 19, 22, "networking.k8s.io/v1"},
           Case{"batch", "v1beta1", "CronJob", 21, 25, "batch/v1"},
           Case{"policy", "v1beta1", "PodDisruptionBudget", 21, 25, "policy/v1"},
           Case{"policy", "v1beta1", "PodSecurityPolicy", 21, 25, ""},
           Case{"autoscaling", "v2beta2", "HorizontalPodAutoscaler", 23, 26, "autoscaling/v2"},
           Case{"flowcontrol.apiserver.k8s.io", "v1beta3", "FlowSchema", 29, 32, "flowcontrol.apiserver.k8s.io/v1"},
       }) {
    const Lifecycle* l = data.lifecycle(c.group, c.version, c.kind);
    BOOST_REQUIRE_MESSAGE(l != nullptr, c.group << "/" << c.version << " " << c.kind);
    BOOST_TEST(l->deprecated == c.deprecated);
    BOOST_TEST(l->removed == c.removed);
    BOOST_TEST(l->replacement == c.replacement);
  }
  // A safe fix only where the replacement accepts every object of the old version.
  BOOST_TEST(data.lifecycle("batch", "v1beta1", "CronJob")->fix_safe);
  BOOST_TEST(data.lifecycle("autoscaling", "v2beta2", "HorizontalPodAutoscaler")->fix_safe);
  BOOST_TEST(!data.lifecycle("extensions", "v1beta1", "Ingress")->fix_safe);
  BOOST_TEST(!data.lifecycle("policy", "v1beta1", "PodDisruptionBudget")->fix_safe);  // semantics changed
  BOOST_TEST(data.lifecycle("apps", "v1", "Deployment") == nullptr);
}

BOOST_AUTO_TEST_CASE(schemas_carry_types_keys_enums_and_formats) {
  const Catalog& c = ApiData::get().catalog(34);
  const ServedKind* pod = c.find("", "v1", "Pod");
  BOOST_REQUIRE(pod);
  const NodeRef spec = property_ref(c, pod->root, "spec");
  const Node* containers = property(c, spec, "containers");
  BOOST_REQUIRE(containers);
  BOOST_TEST(static_cast<int>(containers->type) == static_cast<int>(Type::array));
  BOOST_TEST(static_cast<int>(containers->list_type) == static_cast<int>(ListType::map));
  BOOST_TEST(c.schema().keys(*containers).size() == 1U);
  BOOST_TEST(c.schema().keys(*containers)[0] == "name");
  const NodeRef container = containers->child;
  const Node& cn = c.schema().node(c.resolve(container));
  BOOST_TEST(cn.name == "Container");
  BOOST_TEST(static_cast<int>(cn.hook) == static_cast<int>(Hook::container));
  BOOST_TEST(c.schema().find(cn, "livenessProbe") != nullptr);
  BOOST_TEST(c.schema().find(cn, "livenessprobe") == nullptr);
  const Node* pull = property(c, container, "imagePullPolicy");
  BOOST_REQUIRE(pull);
  const auto values = c.schema().enum_values(*pull);
  BOOST_TEST(std::vector<std::string_view>(values.begin(), values.end()) ==
                 (std::vector<std::string_view>{"Always", "IfNotPresent", "Never"}),
             boost::test_tools::per_element());
  const Node* name = property(c, container, "name");
  BOOST_REQUIRE(name);
  BOOST_TEST(static_cast<int>(name->format) == static_cast<int>(Format::dns_label));
  const auto required = c.schema().required(cn);
  BOOST_REQUIRE_EQUAL(required.size(), 1U);
  BOOST_TEST(c.schema().properties(cn)[required[0]].name == "name");
  const Node* ports = property(c, container, "ports");
  BOOST_REQUIRE(ports);
  BOOST_TEST(c.schema().keys(*ports).size() == 2U);
}

BOOST_AUTO_TEST_CASE(name_formats) {
  BOOST_TEST(dns1123_label_problem("web-1").empty());
  BOOST_TEST(dns1123_label_problem("Web") == "upper-case letters are not allowed");
  BOOST_TEST(dns1123_label_problem("-web") == "must start with a letter or digit");
  BOOST_TEST(dns1123_label_problem(std::string(64, 'a')) == "64 characters, more than 63");
  BOOST_TEST(dns1123_subdomain_problem("a.b-c.d").empty());
  BOOST_TEST(dns1123_subdomain_problem("a..b") == "has an empty part between dots");
  BOOST_TEST(dns1123_subdomain_problem("a_b") == "'_' is not allowed (only a-z, 0-9 and '-')");
  BOOST_TEST(dns1035_label_problem("1web") == "must start with a letter");
  BOOST_TEST(port_name_problem("http").empty());
  BOOST_TEST(port_name_problem("http-endpoint-main") == "18 characters, more than 15");
  BOOST_TEST(port_name_problem("8080") == "must contain a letter");
  BOOST_TEST(port_name_problem("a--b") == "must not contain '--'");
  BOOST_TEST(path_segment_problem("system:controller:x").empty());
  BOOST_TEST(path_segment_problem("a/b") == "'/' is not allowed");
  BOOST_TEST(base64_problem("aGVsbG8=").empty());
  BOOST_TEST(base64_problem("aGVs\nbG8=").empty());
  BOOST_TEST(base64_problem("hello") == "its length is not a multiple of 4 (missing '=' padding?)");
  BOOST_TEST(base64_problem("a b=") == "'space' is not a base64 character");
  BOOST_TEST(date_time_problem("2024-05-01T12:00:00Z").empty());
  BOOST_TEST(date_time_problem("2024-05-01T12:00:00.5+02:00").empty());
  BOOST_TEST(!date_time_problem("2024-05-01").empty());
  BOOST_TEST(is_placeholder("${TAG}"));
  BOOST_TEST(is_placeholder("{{ .Values.x }}"));
  BOOST_TEST(!is_placeholder("$HOME"));
}

BOOST_AUTO_TEST_SUITE_END()
