"""The aws CLI v2's --output yaml and yaml-stream, for smsh's differential tests.

awscli v2 (awscli/formatter.py) dumps with ruamel.yaml: YAML(typ='safe') with
default_flow_style=False, on ruamel.yaml.clib's C emitter (libyaml), which the CLI's installers
bundle (v2 pins ruamel.yaml<=0.17.21, ruamel.yaml.clib<=0.2.8). A scalar result is dumped as
JSON instead (aws-cli PR #3721: a YAML scalar would end with a '...' line). The yaml format
prints nothing for an empty object (as json does) and the whole result otherwise; yaml-stream
prints each page (the query applied to it) as an item of a list.

Reads JSON lines, {"format": "yaml", "doc": DOC} or {"format": "yaml-stream", "pages": [PAGE, ...]},
and answers each with a JSON line: the text the CLI prints.
"""
import io
import json
import sys

from ruamel.yaml import YAML

try:
    import _ruamel_yaml  # noqa: F401  the C emitter the aws CLI v2 runs on
except ImportError:
    sys.exit("aws-v2-yaml.py: ruamel.yaml.clib is missing (scripts/test installs ruamel.yaml==0.17.21 ruamel.yaml.clib==0.2.8)")

yaml = YAML(typ='safe')
yaml.default_flow_style = False


def dump(value):
    out = io.StringIO()
    if isinstance(value, (dict, list)):
        yaml.dump(value, out)
    else:
        json.dump(value, out, ensure_ascii=False)
        out.write('\n')
    return out.getvalue()


for line in sys.stdin:
    case = json.loads(line)
    if case['format'] == 'yaml':
        text = '' if case['doc'] == {} else dump(case['doc'])
    else:
        text = ''.join(dump([page]) for page in case['pages'])
    print(json.dumps(text))
