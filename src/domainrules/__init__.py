"""domainrules: the rules a domain-name registrar lives by."""
