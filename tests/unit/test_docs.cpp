// Rule metadata is the documentation: completeness, examples that behave, pages in sync.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "helpers.hpp"
#include "shipshape/docs.hpp"

using namespace shipshape;

namespace {

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::filesystem::path kRoot = SHIPSHAPE_SOURCE_DIR;
constexpr const char* kRegenerate = "regenerate with: scripts/update-docs";

/// The text between `<!-- name:begin -->` and `<!-- name:end -->` of a generated page.
std::string generated_block(const std::string& page, const std::string& name) {
  const std::string begin = "<!-- " + name + ":begin -->\n";
  const std::string end = "<!-- " + name + ":end -->";
  const auto b = page.find(begin);
  const auto e = page.find(end);
  BOOST_REQUIRE(b != std::string::npos && e != std::string::npos);
  return page.substr(b + begin.size(), e - b - begin.size());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(docs)

BOOST_AUTO_TEST_CASE(registration_list_is_sorted_and_ids_are_kebab_case) {
  const auto& entries = Registry::builtin().entries();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string& id = entries[i].prototype->info().id;
    BOOST_CHECK_MESSAGE(valid_rule_id(id), id);
    if (i > 0) BOOST_CHECK_MESSAGE(entries[i - 1].prototype->info().id < id, "registration list not sorted at " << id);
  }
}

BOOST_AUTO_TEST_CASE(metadata_is_complete) {
  for (const RuleInfo* r : Registry::builtin().infos()) {
    BOOST_TEST_CONTEXT(r->id) {
      BOOST_TEST(!r->section.empty());
      BOOST_TEST(!r->group.empty());
      BOOST_TEST(!r->summary.empty());
      BOOST_TEST(r->summary.back() == '.');
      BOOST_TEST(!r->applies_to.empty());
      BOOST_TEST(r->rationale.size() > 40U);
      BOOST_TEST(!r->remediation.empty());
      BOOST_TEST(!r->bad_example.empty());
      BOOST_TEST(!r->good_example.empty());
      const std::string id_with_underscores = [&] {
        std::string s = r->id;
        std::replace(s.begin(), s.end(), '-', '_');
        return s;
      }();
      BOOST_TEST(std::filesystem::exists(kRoot / "src/rules" / (id_with_underscores + ".cpp")));
      BOOST_CHECK_MESSAGE(std::filesystem::exists(kRoot / "tests/rules" / (r->id + ".yaml")),
                          "no fixture for " << r->id);
    }
  }
}

BOOST_AUTO_TEST_CASE(no_rule_keeps_the_scaffolds_placeholders) {
  for (const RuleInfo* r : Registry::builtin().infos()) {
    for (const std::string* text :
         {&r->group, &r->summary, &r->applies_to, &r->rationale, &r->remediation, &r->notes}) {
      BOOST_CHECK_MESSAGE(text->find("TODO(new-rule)") == std::string::npos,
                          r->id << " still has placeholders of scripts/new-rule: fill in every TODO(new-rule)");
    }
  }
}

BOOST_AUTO_TEST_CASE(bad_examples_fire_and_good_examples_pass) {
  for (const RuleInfo* r : Registry::builtin().infos()) {
    BOOST_TEST_CONTEXT(r->id) {
      const Config config = r->example_config.empty() ? Config{} : Config::parse(r->example_config, r->id);
      const Report bad = test::check_only(r->bad_example, {r->id}, config);
      BOOST_CHECK_MESSAGE(!bad.findings.empty(), "the bad example of " << r->id << " does not fire");
      for (const auto& f : bad.findings) BOOST_TEST(f.rule == r->id);
      const Report good = test::check_only(r->good_example, {r->id}, config);
      for (const auto& f : good.findings) {
        BOOST_ERROR("the good example of " << r->id << " fires: " << f.line << ": " << f.message);
      }
      BOOST_TEST(bad.errors.empty());
      BOOST_TEST(good.errors.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(examples_are_valid_kubernetes_objects) {
  // Every example is a manifest the API server would take, save the schema rules' own bad examples.
  for (const RuleInfo* r : Registry::builtin().infos()) {
    BOOST_TEST_CONTEXT(r->id) {
      const Config config = r->example_config.empty() ? Config{} : Config::parse(r->example_config, r->id);
      for (const std::string* example : {&r->bad_example, &r->good_example}) {
        if (example == &r->bad_example && (r->id == "schema-invalid" || r->id == "field-unknown")) continue;
        const Report report = test::check_only(*example, {"schema-invalid", "field-unknown"}, config);
        for (const auto& f : report.findings) BOOST_ERROR(f.rule << " at line " << f.line << ": " << f.message);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(rule_pages_are_up_to_date) {
  const auto infos = Registry::builtin().infos();
  for (const RuleInfo* r : infos) {
    const auto page = kRoot / "docs/rules" / (r->id + ".md");
    BOOST_CHECK_MESSAGE(read(page) == rule_markdown(*r), page.string() << " is stale; " << kRegenerate);
  }
  BOOST_CHECK_MESSAGE(read(kRoot / "docs/rules/README.md") == rules_index_markdown(infos),
                      "docs/rules/README.md is stale; " << kRegenerate);
  std::size_t pages = 0;
  for (const auto& e : std::filesystem::directory_iterator(kRoot / "docs/rules")) {
    if (e.path().filename() != "README.md") ++pages;
  }
  BOOST_CHECK_MESSAGE(pages == infos.size(), "docs/rules holds pages of rules that no longer exist");
}

BOOST_AUTO_TEST_CASE(checklist_tables_are_up_to_date) {
  const auto infos = Registry::builtin().infos();
  const std::string tables = generated_block(read(kRoot / "docs/checklist.md"), "checklist");
  BOOST_CHECK_MESSAGE(tables == checklist_markdown(infos, "rules/"), "docs/checklist.md is stale; " << kRegenerate);
  for (const RuleInfo* r : infos) {
    BOOST_CHECK_MESSAGE(tables.find("(rules/" + r->id + ".md)") != std::string::npos,
                        "docs/checklist.md does not link " << r->id);
  }
}

BOOST_AUTO_TEST_CASE(checklist_keeps_the_checklists_order) {
  RuleInfo a;
  a.id = "b-rule";
  a.section = "Governance";
  a.group = "Custom policies";
  RuleInfo b = a;
  b.id = "a-rule";
  b.group = "Pod security";
  RuleInfo c = a;
  c.id = "c-rule";
  c.group = "Zebra";  // not a group of the checklist: after the known ones
  RuleInfo d = a;
  d.id = "d-rule";
  d.section = "Application development";
  d.group = "Health checks";
  const std::string out = checklist_markdown({&a, &b, &c, &d}, "");
  const std::string expected =
      "## 1. Application development\n\n| Checklist group | Rules |\n|---|---|\n| Health checks | [d-rule](d-rule.md) "
      "|\n"
      "\n## 2. Governance\n\n| Checklist group | Rules |\n|---|---|\n| Pod security | [a-rule](a-rule.md) |\n"
      "| Custom policies | [b-rule](b-rule.md) |\n| Zebra | [c-rule](c-rule.md) |\n"
      "\n## 3. Cluster configuration\n\nNo rule covers this section yet.\n";
  BOOST_TEST(out == expected);
}

BOOST_AUTO_TEST_CASE(readme_rule_table_is_up_to_date) {
  const std::string table = generated_block(read(kRoot / "README.md"), "rules");
  BOOST_CHECK_MESSAGE(table == rules_markdown_table(Registry::builtin().infos(), "docs/rules/"),
                      "README rule table is stale; " << kRegenerate);
}

BOOST_AUTO_TEST_SUITE_END()
