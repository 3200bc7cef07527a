package rules

import "github.com/nodecoach/nodecoach/knowledge/analysis"

// securityRules are the security, data-store and queue rules.
func securityRules() []*analysis.Rule {
	return []*analysis.Rule{
		MulterMemoryNoLimit,
		XPoweredByEnabled,
		NoHelmet,
		CORSReflectOriginWithCredentials,
		RateLimitTrustProxy,
		JWTSignNoExpiry,
		JWTVerifyNoAlgorithms,
		JWTDecodeNotVerify,
		HardcodedJWTSecret,
		AuthCookieMissingFlags,
		HMACCompareNotTimingSafe,
		InsecureRandomToken,
		CryptoCreateCipherRemoved,
		CipherStaticIV,
		RedisSetLegacyExArgs,
		RedisClientNotConnected,
		RateLimitGetThenIncrRace,
		RedisExpireResetEveryRequest,
		MongooseTransactionWithoutSession,
		MongooseCreateOptionsNeedsArray,
		SQLTemplateInjection,
		BullProcessorNotAwaited,
		PromMetricsNotAwaited,
	}
}
