"""Cross-border retail import under customs supervision: documents, rules, manifest, receipts."""
