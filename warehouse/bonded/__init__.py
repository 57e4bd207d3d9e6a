"""The bonded ledger (电子账册), the stock it accounts for, holds, and the ledger check."""
