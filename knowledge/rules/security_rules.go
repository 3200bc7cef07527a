package rules

import "github.com/nodecoach/nodecoach/knowledge/analysis"

// securityRules are the security, data-store and queue rules (CATALOG B.10, B.17,
// B.18, B.20–B.39), in catalog order.
func securityRules() []*analysis.Rule {
	return []*analysis.Rule{
		MulterMemoryNoLimit,               // B.10
		XPoweredByEnabled,                 // B.17
		NoHelmet,                          // B.18
		CORSReflectOriginWithCredentials,  // B.20
		RateLimitTrustProxy,               // B.21
		JWTSignNoExpiry,                   // B.22
		JWTVerifyNoAlgorithms,             // B.23
		JWTDecodeNotVerify,                // B.24
		HardcodedJWTSecret,                // B.25
		AuthCookieMissingFlags,            // B.26
		HMACCompareNotTimingSafe,          // B.27
		InsecureRandomToken,               // B.28
		CryptoCreateCipherRemoved,         // B.29
		CipherStaticIV,                    // B.30
		RedisSetLegacyExArgs,              // B.31
		RedisClientNotConnected,           // B.32
		RateLimitGetThenIncrRace,          // B.33
		RedisExpireResetEveryRequest,      // B.34
		MongooseTransactionWithoutSession, // B.35
		MongooseCreateOptionsNeedsArray,   // B.36
		SQLTemplateInjection,              // B.37
		BullProcessorNotAwaited,           // B.38
		PromMetricsNotAwaited,             // B.39
	}
}
