"""Analysis: typed DataFrames, notebook HTML, plots."""

import os
import html.parser

import pytest

import shipshape
from conftest import POD, deployment

pd = pytest.importorskip("pandas")


@pytest.fixture
def report(examples):
    # The examples' workloads carry owner labels; "web" gets its own and "orphan" none.
    return shipshape.check(examples, [deployment(labels={"app": "web", "owner": "team-x"}), deployment("orphan")])


def test_dataframe_has_one_typed_row_per_finding(report):
    df = report.to_dataframe()
    assert len(df) == len(report)
    assert list(df.columns) == ["rule", "severity", "message", "file", "line", "column", "document", "path",
                                "api_version", "kind", "namespace", "name", "object", "helm_source", "fixable", "fix"]
    assert isinstance(df["severity"].dtype, pd.CategoricalDtype)
    assert df["severity"].cat.ordered and list(df["severity"].cat.categories) == ["info", "warning", "error"]
    assert (df["severity"] >= "warning").sum() == report.summary.error + report.summary.warning
    assert isinstance(df["rule"].dtype, pd.CategoricalDtype) and isinstance(df["kind"].dtype, pd.CategoricalDtype)
    for c in ("line", "column", "document"):
        assert df[c].dtype == "int64"
    for c in ("message", "file", "path", "namespace", "name", "object"):
        assert isinstance(df[c].dtype, pd.StringDtype)
    assert df["fixable"].dtype == bool
    first = report[0]
    row = df.iloc[0]
    assert (row["rule"], row["line"], row["column"], row["message"]) == (first.rule, first.line, first.column,
                                                                         first.message)
    assert row["object"] == first.object.display()
    counts = df.groupby("severity", observed=False).size()
    assert counts["error"] == report.summary.error


def test_dataframe_label_columns_join_objects(report):
    df = report.to_dataframe(labels=["owner", "app"])
    web = df[df["name"] == "web"]
    assert len(web) and set(web["owner"]) == {"team-x"}
    api = df[df["object"] == "Deployment/bookstore/api"]
    assert set(api["app"]) == {"api"}
    # (not .agg(set): with pyarrow installed, pandas 3 turns the sets into arrow lists)
    owners = {obj: set(s.fillna("-")) for obj, s in df.groupby("object")["owner"]}
    assert owners["Deployment/bookstore/api"] == {"team-books"}
    assert owners["StatefulSet/bookstore/postgres"] == {"team-data"}
    assert owners["Deployment/shop/orphan"] == {"-"}
    assert df["owner"].isna().sum() == (df["name"] == "orphan").sum()
    with pytest.raises(ValueError):
        report.to_dataframe(labels=["rule"])


def test_dataframe_of_suppressed_and_of_objects():
    ignored = POD.replace("  name: p\n", "  name: p\n  annotations:\n    shipshape.io/ignore: liveness-probe-missing\n")
    report = shipshape.check_text(ignored)
    df = report.to_dataframe(include_suppressed=True)
    assert df["suppressed"].dtype == bool and df["suppressed"].sum() == 1
    objects = report.objects_dataframe(labels=["app"])
    assert list(objects["object"]) == ["Pod/default/p"] and objects["line"].dtype == "int64"


def test_empty_report_dataframe_keeps_its_columns():
    df = shipshape.check_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n", rules=["yaml-syntax"]).to_dataframe(labels=["team"])
    assert len(df) == 0 and "severity" in df.columns and "team" in df.columns
    assert isinstance(df["severity"].dtype, pd.CategoricalDtype)


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.rows = [], 0

    def handle_starttag(self, tag, attrs):
        if tag not in ("br",):
            self.stack.append(tag)
        self.rows += tag == "tr"

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}>"
        self.stack.pop()


def test_html_repr_is_a_well_formed_table_with_colours(report):
    page = report._repr_html_()
    parser = _Tags()
    parser.feed(page)
    assert parser.stack == []
    assert parser.rows == len(report) + 1
    assert "#d73a49" in page and "#e36209" in page  # error and warning colours
    assert "&quot;api&quot;" in page, "messages are escaped"
    one = report[0]._repr_html_()
    assert one.count("<tr") == 2 and one.startswith("<table")
    assert "No findings" in shipshape.check_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n", rules=["yaml-syntax"])._repr_html_()


def test_html_repr_shows_errors(tmp_path):
    report = shipshape.check(tmp_path / "missing.yaml", errors="report")
    assert "missing.yaml" in report._repr_html_()


def test_plot(report):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    fig = report.plot()
    assert len(fig.axes) == 3
    assert [a.get_title() for a in fig.axes] == ["Findings by rule", "Findings by severity", "Findings by namespace"]
    fig = report.plot(label="owner")
    assert fig.axes[2].get_title() == "Findings by label owner"
    labels = [t.get_text() for t in fig.axes[2].get_yticklabels()]
    assert "team-x" in labels and "(none)" in labels
    empty = shipshape.check_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n", rules=["yaml-syntax"])
    assert len(empty.plot().axes) == 3
    import matplotlib.pyplot as plt

    plt.close("all")
