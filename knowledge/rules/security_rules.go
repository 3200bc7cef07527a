package rules

import "github.com/nodecoach/nodecoach/knowledge/analysis"

// securityRules are the security, data-store and queue rules (CATALOG B.10, B.17,
// B.18, B.20–B.39).
func securityRules() []*analysis.Rule {
	return []*analysis.Rule{}
}
