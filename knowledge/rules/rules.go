// Package rules holds nodecoach's checks, one file per rule, each with its table test.
package rules

import "github.com/nodecoach/nodecoach/knowledge/analysis"

// All returns every rule, in a stable order: the headline rules, then the runtime and
// Express rules, then the security, data and queue rules.
func All() []*analysis.Rule {
	return []*analysis.Rule{
		NoSyncFSInHandler,
		ExpressAsyncMissingNext,
		CORSAllowAll,
		// The event-loop, stream, cluster and Express flow rules.
		NoSyncCryptoInHandler,
		BcryptSync,
		BcryptHashMissingSalt,
		NextTickRecursion,
		ClusterIsMasterDeprecated,
		ClusterNoExitHandler,
		PipeWithoutErrorHandling,
		WriteIgnoresBackpressure,
		HandlerCatchSwallowsError,
		ErrorMiddlewareArity,
		ErrorMiddlewareBeforeRoutes,
		MiddlewareNeverCallsNext,
		ErrorHandlerLeaksDetails,
		ListenerAddedPerRequest,
		// The security, data-store and queue rules.
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

// ByName returns the rule with that id, nil if none.
func ByName(name string) *analysis.Rule {
	for _, r := range All() {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// Names lists the ids a configuration may name: every rule, and the unused-suppression
// hint.
func Names() []string {
	names := []string{analysis.UnusedSuppression}
	for _, r := range All() {
		names = append(names, r.Name)
	}
	return names
}

// FactSharing returns the rules that record facts for the other files of a package.
func FactSharing() []*analysis.Rule {
	var out []*analysis.Rule
	for _, r := range All() {
		if r.SharesFacts {
			out = append(out, r)
		}
	}
	return out
}
