"""Work that changes oversight records: one module per workflow, the step mechanics in steps.py."""
