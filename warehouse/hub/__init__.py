"""The consolidation hub (集拼中心): devanning, sorting, container load planning and loading.

Foreign transshipment cargo is devanned, sorted by outbound service into staging lanes and
loaded with domestic export cargo into full containers that leave without entering China's
customs territory. Each package keeps its customs status; the hub ledger has one line per
status. See docs/hub.md.
"""
