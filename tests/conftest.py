import sys
from pathlib import Path

# tests import their small shared helpers (golden_compare) by name
sys.path.insert(0, str(Path(__file__).parent))
