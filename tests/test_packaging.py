import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# conda-forge names that differ from PyPI names
CONDA_NAMES = {}


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ \[]", spec.strip(), maxsplit=1)[0].lower()


def _pyproject():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    extras = [spec for group in data["optional-dependencies"].values() for spec in group]
    deps = {_name(d): d for d in data["dependencies"] + extras}
    return {name: re.sub(r"^[^<>=!~]+", "", spec).strip() for name, spec in deps.items()}


def _environment_yml():
    """Return {package: constraint} from environment.yml (conda and pip sections)."""
    found = {}
    text = (ROOT / "environment.yml").read_text("utf-8").split("dependencies:", 1)[1]
    for line in text.splitlines():
        match = re.match(r"^\s+- ([A-Za-z0-9_.\-]+)\s*([<>=!~].*)?$", line)
        if match and match.group(1) not in {"pip", "python", "-e"}:
            name = CONDA_NAMES.get(match.group(1), match.group(1)).lower()
            found[name] = (match.group(2) or "").strip()
    return found


def test_environment_yml_names_the_same_packages_as_pyproject():
    assert _environment_yml() == _pyproject()


def test_environment_yml_installs_the_project():
    assert "- -e ." in (ROOT / "environment.yml").read_text("utf-8")


def test_design_card_packages_are_dependencies():
    deps = _pyproject()
    for name in ["jupyterlab", "pandas", "seaborn", "statsmodels", "geopandas", "ipywidgets"]:
        assert name in deps, name


def test_import_is_light():
    code = (
        "import sys, par_analysis as pa; pa.resolve('Ha Noi'); pa.provinces('34');"
        "heavy = [m for m in ('geopandas', 'statsmodels', 'seaborn', 'matplotlib', 'libpysal',"
        " 'esda', 'mapclassify', 'ipywidgets', 'nbclient', 'pandera') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_every_public_name_resolves():
    import par_analysis as pa

    missing = [name for name in pa.__all__ if not hasattr(pa, name)]
    assert missing == []


def test_readme_commands_and_ci_agree():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "make report" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text("utf-8")


def _locked():
    """Return {package: version} pinned in requirements.lock."""
    text = (ROOT / "requirements.lock").read_text("utf-8")
    return {m.group(1).lower(): m.group(2)
            for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==(\S+)", text, re.MULTILINE)}


def test_lock_pins_every_dependency_within_its_minimum():
    from packaging.specifiers import SpecifierSet

    locked = {re.sub(r"[-_.]+", "-", k): v for k, v in _locked().items()}
    outside = {name: (spec, locked.get(re.sub(r"[-_.]+", "-", name)))
               for name, spec in _pyproject().items()
               if locked.get(re.sub(r"[-_.]+", "-", name)) not in SpecifierSet(spec)}
    assert outside == {}


def test_make_installs_from_the_lock():
    assert "requirements.lock" in (ROOT / "scripts" / "setup_env.sh").read_text("utf-8")
    assert "requirements.lock" in (ROOT / "Makefile").read_text("utf-8")


def test_citation_file_names_the_package_version():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert re.search(rf"^version: {re.escape(version)}$",
                     (ROOT / "CITATION.cff").read_text("utf-8"), re.MULTILINE)
