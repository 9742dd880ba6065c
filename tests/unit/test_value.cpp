// The document tree: scalar resolution, look-ups, iteration and positions.
#include <boost/test/unit_test.hpp>

#include "helpers.hpp"

using namespace shipshape;

BOOST_AUTO_TEST_SUITE(value)

BOOST_AUTO_TEST_CASE(plain_scalars_resolve_like_kubectl) {
  BOOST_TEST((resolve_plain_scalar("true") == ScalarType::boolean));
  BOOST_TEST((resolve_plain_scalar("yes") == ScalarType::boolean));
  BOOST_TEST((resolve_plain_scalar("Off") == ScalarType::boolean));
  BOOST_TEST((resolve_plain_scalar("y") == ScalarType::boolean));
  BOOST_TEST((resolve_plain_scalar("null") == ScalarType::null));
  BOOST_TEST((resolve_plain_scalar("~") == ScalarType::null));
  BOOST_TEST((resolve_plain_scalar("") == ScalarType::null));
  BOOST_TEST((resolve_plain_scalar("8080") == ScalarType::integer));
  BOOST_TEST((resolve_plain_scalar("-12") == ScalarType::integer));
  BOOST_TEST((resolve_plain_scalar("0x1F") == ScalarType::integer));
  BOOST_TEST((resolve_plain_scalar("0o17") == ScalarType::integer));
  BOOST_TEST((resolve_plain_scalar("1.0") == ScalarType::floating));
  BOOST_TEST((resolve_plain_scalar("1e3") == ScalarType::floating));
  BOOST_TEST((resolve_plain_scalar(".inf") == ScalarType::floating));
  BOOST_TEST((resolve_plain_scalar("500m") == ScalarType::string));
  BOOST_TEST((resolve_plain_scalar("nginx") == ScalarType::string));
  BOOST_TEST((resolve_plain_scalar("1.2.3") == ScalarType::string));
  BOOST_TEST((resolve_plain_scalar("truely") == ScalarType::string));
}

BOOST_AUTO_TEST_CASE(node_fields_packed_in_one_word_stay_apart) {
  detail::Node n;
  n.set_size(detail::Node::kMaxSize);
  n.set_kind(NodeKind::mapping);
  n.set_flags(detail::kPlain);
  n.add_flags(detail::kInSource);
  BOOST_TEST(n.size() == detail::Node::kMaxSize);
  BOOST_TEST((n.kind() == NodeKind::mapping));
  BOOST_TEST(n.flags() == (detail::kPlain | detail::kInSource));
  n.set_size(7);
  n.set_kind(NodeKind::scalar);
  BOOST_TEST(n.size() == 7U);
  BOOST_TEST((n.kind() == NodeKind::scalar));
  BOOST_TEST(n.flags() == (detail::kPlain | detail::kInSource));
  n.set_flags(0);
  BOOST_TEST(n.flags() == 0);
  BOOST_TEST(n.size() == 7U);
  BOOST_TEST((n.kind() == NodeKind::scalar));
}

BOOST_AUTO_TEST_CASE(quoted_scalars_are_strings) {
  auto parsed = test::parse_text("a: \"8080\"\nb: 'true'\nc: 8080\nd: true\ne: |\n  10\n");
  const Value root = parsed.documents.at(0).root;
  BOOST_TEST(root["a"].is_string());
  BOOST_TEST(root["b"].is_string());
  BOOST_TEST(!root["c"].is_string());
  BOOST_TEST(root["c"].as_int().value() == 8080);
  BOOST_TEST(!root["a"].as_int().has_value());
  BOOST_TEST(root["d"].is_true());
  BOOST_TEST(!root["b"].as_bool().has_value());
  BOOST_TEST(root["e"].str() == "10\n");
  BOOST_TEST(root["e"].is_string());
}

BOOST_AUTO_TEST_CASE(numbers_convert_exactly_or_not_at_all) {
  auto parsed = test::parse_text(
      "a: 9223372036854775807\nb: 9223372036854775808\nc: -9223372036854775808\n"
      "d: 2.0\ne: 2.5\nf: 1_000\ng: 0x10\n");
  const Value root = parsed.documents.at(0).root;
  BOOST_TEST(root["a"].as_int().value() == INT64_MAX);
  BOOST_TEST(!root["b"].as_int().has_value());
  BOOST_TEST(root["c"].as_int().value() == INT64_MIN);
  BOOST_TEST(root["d"].as_int().value() == 2);
  BOOST_TEST(!root["e"].as_int().has_value());
  BOOST_TEST(root["e"].as_double().value() == 2.5);
  BOOST_TEST(root["f"].as_int().value() == 1000);
  BOOST_TEST(root["g"].as_int().value() == 16);
}

BOOST_AUTO_TEST_CASE(lookups_are_total) {
  auto parsed = test::parse_text("spec:\n  containers:\n    - name: a\n    - name: b\nscalar: x\n");
  const Value root = parsed.documents.at(0).root;
  BOOST_TEST(root["spec"]["containers"].size() == 2U);
  BOOST_TEST(root["spec"]["containers"][1]["name"].str() == "b");
  BOOST_TEST(!root["spec"]["containers"][2]);
  BOOST_TEST(!root["spec"]["containers"]["name"]);  // a list has no keys
  BOOST_TEST(!root["scalar"]["x"]);                 // a scalar has no keys
  BOOST_TEST(!root["scalar"][0]);
  BOOST_TEST(root["missing"]["deeper"][3].str().empty());
  BOOST_TEST(root["spec"].str().empty());  // a mapping has no text
  BOOST_TEST(!Value{}.is_mapping());
  BOOST_TEST((Value{}.items().begin() == Value{}.items().end()));
}

BOOST_AUTO_TEST_CASE(iteration_keeps_source_order) {
  auto parsed = test::parse_text("z: 1\na: 2\nm: 3\nlist: [x, y, z]\n");
  const Value root = parsed.documents.at(0).root;
  std::string keys;
  for (const Entry e : root.entries()) keys += e.key.str();
  BOOST_TEST(keys == "zamlist");
  std::string items;
  for (Value v : root["list"].items()) items += v.str();
  BOOST_TEST(items == "xyz");
}

BOOST_AUTO_TEST_CASE(positions_are_one_based_and_count_code_points) {
  auto parsed = test::parse_text("a: 1\nlabels:\n  \xC3\xA9t\xC3\xA9: v\n  \xC3\xA9t\xC3\xA9x: w\n");
  const Value root = parsed.documents.at(0).root;
  BOOST_TEST(root["a"].position().line == 1U);
  BOOST_TEST(root["a"].position().column == 4U);
  const Value labels = root["labels"];
  BOOST_TEST(labels.position().line == 3U);
  BOOST_TEST(labels.position().column == 3U);
  // "été: v": the value starts after 4 code points and a space (6 bytes).
  BOOST_TEST(labels["\xC3\xA9t\xC3\xA9"].position().column == 8U);
}

BOOST_AUTO_TEST_CASE(crlf_line_endings) {
  auto parsed = test::parse_text("a: 1\r\nb:\r\n  c: two\r\n");
  const Value root = parsed.documents.at(0).root;
  BOOST_TEST(root["b"]["c"].str() == "two");
  BOOST_TEST(root["b"]["c"].position().line == 3U);
  BOOST_TEST(root["b"]["c"].position().column == 6U);
}

BOOST_AUTO_TEST_CASE(escaped_and_folded_scalars_are_unescaped) {
  auto parsed = test::parse_text("a: \"tab\\there\"\nb: >\n  one\n  two\nc: plain\n  continued\n");
  const Value root = parsed.documents.at(0).root;
  BOOST_TEST(root["a"].str() == "tab\there");
  BOOST_TEST(root["b"].str() == "one two\n");
  BOOST_TEST(root["c"].str() == "plain continued");
}

BOOST_AUTO_TEST_SUITE_END()
