"""
The compiled core of shipshape (private: use the shipshape package)
"""
from __future__ import annotations
import collections.abc
import typing
__all__: list[str] = ['Container', 'Context', 'Index', 'ObjectRef', 'OptionInfo', 'PodTemplate', 'Quantity', 'Report', 'Resource', 'RuleInfo', 'RuleSpec', 'RunRequest', 'RunSettings', 'Value', 'apply_fixes', 'check', 'discover_config', 'fix', 'main', 'parse_config', 'parsers', 'rules', 'unified_diff', 'valid_rule_id']
class OptionInfo:
    """
    A rule option: name, type, default (YAML text), description.
    """
    @property
    def default(self) -> str:
        ...
    @property
    def description(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def type(self) -> str:
        ...
class RuleInfo:
    """
    Everything known about a rule.
    """
    @property
    def applies_to(self) -> str:
        ...
    @property
    def bad_example(self) -> str:
        ...
    @property
    def enabled(self) -> bool:
        ...
    @property
    def good_example(self) -> str:
        ...
    @property
    def group(self) -> str:
        ...
    @property
    def id(self) -> str:
        ...
    @property
    def notes(self) -> str:
        ...
    @property
    def options(self) -> list[OptionInfo]:
        ...
    @property
    def rationale(self) -> str:
        ...
    @property
    def remediation(self) -> str:
        ...
    @property
    def section(self) -> str:
        ...
    @property
    def severity(self) -> str:
        ...
    @property
    def summary(self) -> str:
        ...
class RuleSpec:
    """
    A Python rule class with its metadata, ready to register.
    """
    def __init__(self, cls: typing.Any, id: str, section: str, group: str, severity: str, enabled: bool, summary: str, applies_to: str, rationale: str, remediation: str, bad_example: str, good_example: str, notes: str, options: collections.abc.Sequence[tuple[str, str, str, str]], kinds: collections.abc.Sequence[str], workloads: bool, everything: bool) -> None:
        ...
    @property
    def info(self) -> RuleInfo:
        ...
class Quantity:
    """
    An exact Kubernetes quantity such as 500m or 1Gi.
    """
    @staticmethod
    def parse(text: str) -> Quantity | None:
        """
        Parses a quantity; None when the text is not one.
        """
    def __eq__(self, other: typing.Any) -> typing.Any:
        ...
    def __ge__(self, arg0: Quantity) -> bool:
        ...
    def __gt__(self, arg0: Quantity) -> bool:
        ...
    def __hash__(self) -> int:
        ...
    def __le__(self, arg0: Quantity) -> bool:
        ...
    def __lt__(self, arg0: Quantity) -> bool:
        ...
    def __repr__(self) -> str:
        ...
    def __str__(self) -> str:
        ...
    def to_float(self) -> float:
        """
        Value as a float.
        """
    @property
    def is_zero(self) -> bool:
        ...
    @property
    def milli(self) -> int:
        """
        Value in milli-units, rounded up.
        """
    @property
    def negative(self) -> bool:
        ...
    @property
    def units(self) -> int:
        """
        Value in whole units, rounded up.
        """
class Value:
    """
    A read-only node of a parsed document. Look-ups never raise: a missing key or an index out of range gives an absent Value (falsy).
    """
    def __bool__(self) -> bool:
        """
        True when the value exists.
        """
    def __contains__(self, key: str) -> bool:
        ...
    @typing.overload
    def __getitem__(self, key: str) -> Value:
        ...
    @typing.overload
    def __getitem__(self, index: typing.SupportsInt | typing.SupportsIndex) -> Value:
        ...
    def __iter__(self) -> collections.abc.Iterator:
        """
        Keys of a mapping (like a dict), items of a sequence.
        """
    def __len__(self) -> int:
        ...
    def __repr__(self) -> str:
        ...
    def as_bool(self) -> bool | None:
        ...
    def as_float(self) -> float | None:
        ...
    def as_int(self) -> int | None:
        ...
    def equals(self, text: str) -> bool:
        """
        True for a scalar whose text is `text`, whatever its style.
        """
    def get(self, key: str, default: typing.Any = None) -> typing.Any:
        """
        The value at key, or default when it is missing.
        """
    def is_false(self) -> bool:
        ...
    def is_true(self) -> bool:
        ...
    def items(self) -> list[tuple[str, Value]]:
        """
        (key, Value) pairs of a mapping.
        """
    def key_node(self, key: str) -> Value:
        """
        The key of a mapping entry, to point a finding at `key:`.
        """
    def keys(self) -> list[str]:
        ...
    def same_node(self, other: Value) -> bool:
        ...
    def to_python(self) -> typing.Any:
        """
        The value as plain Python data (dict, list, str, int, float, bool, None).
        """
    def values(self) -> list[Value]:
        """
        Values of a mapping, or items of a sequence.
        """
    @property
    def column(self) -> int:
        ...
    @property
    def exists(self) -> bool:
        ...
    @property
    def file(self) -> str:
        ...
    @property
    def is_mapping(self) -> bool:
        ...
    @property
    def is_null(self) -> bool:
        ...
    @property
    def is_scalar(self) -> bool:
        ...
    @property
    def is_sequence(self) -> bool:
        ...
    @property
    def kind(self) -> str:
        """
        null, scalar, sequence or mapping (null also for an absent value).
        """
    @property
    def line(self) -> int:
        ...
    @property
    def scalar_type(self) -> str:
        """
        null, boolean, integer, floating or string.
        """
    @property
    def string(self) -> str:
        """
        The text of a scalar that resolves to a string ('' otherwise).
        """
    @property
    def text(self) -> str:
        """
        The text of a scalar, whatever its type ('' for anything else).
        """
class Container:
    """
    A container entry of a workload's pod spec.
    """
    def __getitem__(self, arg0: str) -> Value:
        ...
    def __repr__(self) -> str:
        ...
    def describe(self) -> str:
        """
        container "web", for messages.
        """
    @property
    def index(self) -> int:
        ...
    @property
    def is_long_lived(self) -> bool:
        ...
    @property
    def kind(self) -> str:
        """
        regular, sidecar or init.
        """
    @property
    def list_name(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def node(self) -> Value:
        ...
    @property
    def path(self) -> str:
        """
        Field path of the entry, e.g. spec.template.spec.containers[1].
        """
class PodTemplate:
    """
    The pod template of a workload (a Pod's own metadata and spec).
    """
    @property
    def labels(self) -> Value:
        ...
    @property
    def metadata(self) -> Value:
        ...
    @property
    def metadata_path(self) -> str:
        ...
    @property
    def spec(self) -> Value:
        ...
    @property
    def spec_path(self) -> str:
        ...
class ObjectRef:
    @property
    def api_version(self) -> str:
        ...
    @property
    def kind(self) -> str:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def namespace(self) -> str:
        ...
class Resource:
    """
    One Kubernetes object of the run in progress (valid while the rule runs).
    """
    def __getitem__(self, arg0: str) -> Value:
        ...
    def __repr__(self) -> str:
        ...
    def annotation(self, key: str) -> str:
        ...
    def display(self) -> str:
        """
        `Deployment shop/web`, for messages.
        """
    def ignores(self, rule: str) -> bool:
        ...
    def label(self, key: str) -> str:
        ...
    def same_object(self, other: Resource) -> bool:
        ...
    def to_python(self) -> typing.Any:
        """
        The object as a dict.
        """
    @property
    def all_containers(self) -> list[Container]:
        """
        Regular containers, sidecars and init containers.
        """
    @property
    def annotations(self) -> Value:
        ...
    @property
    def api_version(self) -> str:
        ...
    @property
    def application(self) -> int:
        """
        The application the object belongs to (0: run-wide); see docs/applications.md.
        """
    @property
    def containers(self) -> list[Container]:
        """
        Regular containers and sidecars.
        """
    @property
    def document(self) -> int:
        ...
    @property
    def file(self) -> str:
        ...
    @property
    def group(self) -> str:
        ...
    @property
    def helm_source(self) -> str:
        ...
    @property
    def id(self) -> int:
        ...
    @property
    def is_long_running(self) -> bool:
        ...
    @property
    def is_workload(self) -> bool:
        ...
    @property
    def kind(self) -> str:
        ...
    @property
    def labels(self) -> Value:
        ...
    @property
    def metadata(self) -> Value:
        ...
    @property
    def name(self) -> str:
        ...
    @property
    def namespace(self) -> str:
        """
        Effective namespace ('' for cluster-scoped kinds).
        """
    @property
    def namespaced(self) -> bool:
        ...
    @property
    def pod(self) -> PodTemplate | None:
        """
        The pod template, or None for objects that are not workloads.
        """
    @property
    def pod_labels(self) -> Value:
        ...
    @property
    def ref(self) -> ObjectRef:
        ...
    @property
    def root(self) -> Value:
        ...
    @property
    def spec(self) -> Value:
        ...
    @property
    def version(self) -> str:
        ...
class RunSettings:
    """
    Run-wide settings a rule may need.
    """
    @property
    def default_namespace(self) -> str:
        ...
    @property
    def kubernetes_version(self) -> str:
        ...
class Index:
    """
    Look-ups over the objects of the run (valid while the run lasts). Look-ups by namespace take the application to look in (Resource.application of the object being checked; 0 is the run-wide one); the others use the application of the object they are given.
    """
    def all(self) -> list[Resource]:
        """
        Every object of the run, in run order.
        """
    def effective_replicas(self, workload: Resource) -> int:
        ...
    def find(self, kind: str, namespace: str, name: str, application: typing.SupportsInt | typing.SupportsIndex = 0) -> Resource | None:
        ...
    def of_kind(self, kind: str, namespace: str | None = None, application: typing.SupportsInt | typing.SupportsIndex = 0) -> list[Resource]:
        """
        Objects of a kind: with a namespace, those of one application; without, every one of the run.
        """
    def same_object(self, resource: Resource) -> list[Resource]:
        ...
    def select(self, selector: Value, namespace: str, application: typing.SupportsInt | typing.SupportsIndex = 0) -> list[Resource]:
        """
        Workloads of an application that a LabelSelector value matches in a namespace.
        """
    def selected_by(self, selecting: Resource) -> list[Resource]:
        ...
    def selecting(self, workload: Resource, kind: str) -> list[Resource]:
        ...
    def target_of(self, autoscaler: Resource) -> Resource | None:
        ...
    def targeting(self, target: Resource, kind: str) -> list[Resource]:
        ...
    def workload_namespaces(self) -> list[str]:
        ...
    def workloads(self, namespace: str, application: typing.SupportsInt | typing.SupportsIndex = 0) -> list[Resource]:
        ...
class Context:
    """
    What a rule sees while it checks: the Index, the settings, and report().
    """
    def report(self, resource: Resource, at: typing.Any, path: typing.Any, message: str, fix: typing.Any = None, severity: typing.Any = None) -> None:
        """
        Reports a finding on resource. `at` is the offending node (a Value or a Container; None for the object itself); `path` the field path (dotted text or a list of keys and indexes); `fix` a list of JSON-patch dicts; `severity` overrides the rule's default.
        """
    @property
    def index(self) -> Index:
        ...
    @property
    def rule(self) -> str:
        """
        Id of the running rule.
        """
    @property
    def settings(self) -> RunSettings:
        ...
class Report:
    def __getstate__(self) -> tuple:
        ...
    def __setstate__(self, arg0: tuple) -> None:
        ...
    def finding_rows(self) -> list:
        ...
    def object_rows(self) -> list:
        ...
    def suppressed_rows(self) -> list:
        ...
    def to_baseline(self) -> str:
        ...
    def to_github(self) -> str:
        ...
    def to_gitlab(self) -> str:
        ...
    def to_json(self, include_suppressed: bool = False) -> str:
        ...
    def to_junit(self, fail_on: str | None = 'info', seconds: typing.SupportsFloat | typing.SupportsIndex = 0.0) -> str:
        ...
    def to_sarif(self, docs_url: str = '') -> str:
        ...
    def to_text(self, color: bool = False, show_suppressed: bool = False) -> str:
        ...
    @property
    def errors(self) -> list[tuple[str, str, str, str]]:
        """
        (path, message, rule, object) of each input that could not be read or rule that failed.
        """
    @property
    def rules(self) -> list[RuleInfo]:
        ...
    @property
    def summary(self) -> dict:
        ...
class RunRequest:
    """
    The inputs and options of a run, as shipshape.check() takes them.
    """
    def __init__(self, paths: collections.abc.Sequence[str], texts: collections.abc.Sequence[tuple[str, str, str]], config_file: str | None = None, config_text: str | None = None, config_name: str = '<config>', enable: collections.abc.Sequence[str] = [], disable: collections.abc.Sequence[str] = [], only: collections.abc.Sequence[str] = [], namespace: str | None = None, kubernetes_version: str | None = None, jobs: typing.SupportsInt | typing.SupportsIndex = 0, extra_rules: collections.abc.Sequence[RuleSpec] = [], max_input_size: str | None = None, parser: str | None = None, application_scope: str | None = None) -> None:
        """
        paths; (name, text, 'yaml'|'json') texts; then the options of shipshape.check().
        """
def apply_fixes(text: str, name: str, findings: list) -> tuple[str, list[int], list[tuple[int, str]], str]:
    """
    Applies the fixes of the findings to the text (see shipshape::apply_fixes): returns (text, indexes applied, [(index, reason)] refused, error of the whole text or '').
    """
def check(request: RunRequest) -> tuple:
    """
    Runs the engine (without the GIL). Returns (Report or None, text of a fatal Python rule failure, [(rule, object, exception)]).
    """
def discover_config(start: str) -> str | None:
    """
    Path of .shipshape.yaml in start or the nearest parent directory, or None.
    """
def fix(request: RunRequest, fix_rules: collections.abc.Sequence[str] = [], max_rounds: typing.SupportsInt | typing.SupportsIndex = 10) -> tuple:
    """
    Runs shipshape::fix (without the GIL; nothing is written). Returns (([(name, before, after, from_file, [finding row], [(finding row, reason)], error)], [(path, message, rule, object)], rounds, converged) or None, text of a fatal Python rule failure, [(rule, object, exception)]).
    """
def main(args: collections.abc.Sequence[str], out_is_terminal: bool = False) -> tuple[int, str, str]:
    """
    Runs the command line; returns (exit code, stdout text, stderr text).
    """
def parse_config(file: str | None = None, text: str | None = None, name: str = '<config>') -> None:
    """
    Parses a configuration (file or text) and raises ConfigError when it is malformed.
    """
def parsers() -> list[str]:
    """
    The YAML parsers of this build, the default first.
    """
def rules(extra: collections.abc.Sequence[RuleSpec] = []) -> list[RuleInfo]:
    """
    Metadata of the built-in rules and the given Python rules, sorted by id.
    """
def unified_diff(before: str, after: str, from_name: str, to_name: str) -> str:
    """
    A unified diff of two texts; empty when they are equal.
    """
def valid_rule_id(id: str) -> bool:
    """
    Whether id is a well-formed rule id (lower-case kebab-case).
    """
__version__: str = '0.1.0'
