package rules

import "github.com/nodecoach/nodecoach/knowledge/analysis"

// runtimeRules are the event-loop, stream, cluster and Express flow rules.
func runtimeRules() []*analysis.Rule {
	return []*analysis.Rule{
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
	}
}
