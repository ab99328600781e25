"""Benchmarks (`make bench`). Infrastructure lives in common.py and run_all.py; each other module with a
`main()` is one benchmark that run_all runs in its own subprocess."""
