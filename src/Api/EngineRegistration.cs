namespace Api;

// TEMPORARY: replaced by the engine's real registration.
public static class EngineRegistration { public static IServiceCollection AddSfuEngine(this IServiceCollection s, IConfiguration c) => s; }
