using Api.Accounts;
using Api.Operations;
using Api.Persistence;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using Signaling.Rooms;

namespace Api.Meetings;

/// <summary>Registers and maps the meetings API: persistence, accounts (JWT), meetings, attendance, and signaling's meeting hooks.</summary>
public static class MeetingsRegistration
{
    public static IServiceCollection AddMeetingsApi(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        DatabaseOptions database = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var folder = new DataFolder(contentRoot, database.DataFolder);
        services.AddSingleton(folder);
        services.AddSingleton(_ => MeetingsDatabase.FromSettings(database, configuration.GetConnectionString(DatabaseOptions.ConnectionStringName), folder));
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton(provider => ServerInstance.Resolve(
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<MeetingsOptions>>().Value.InstanceId, provider.GetRequiredService<DataFolder>()));
        services.AddSingleton<OrphanedAttendance>();
        services.AddHostedService<DatabaseStartup>();

        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName));
        services.AddOptions<MeetingsOptions>().Bind(configuration.GetSection(MeetingsOptions.SectionName));
        services.AddSingleton<UserRepository>();
        services.AddSingleton<MeetingRepository>();
        services.AddSingleton<ParticipantRepository>();
        services.AddSingleton<ChatRepository>();
        services.AddSingleton<MeetingDirectory>();
        services.AddSingleton<PasswordHasher<UserRow>>();
        services.AddSingleton<LoginLimiter>();
        services.AddSingleton(provider => SigningKeyStore.Load(configuration[AuthOptions.SectionName + ":SigningKey"], provider.GetRequiredService<DataFolder>()));
        services.AddSingleton(provider => new AccountTokens(
            provider.GetRequiredService<SymmetricSecurityKey>(),
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>(),
            provider.GetRequiredService<TimeProvider>()));

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<AccountTokens>((options, tokens) =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = tokens.ValidationParameters();
        });
        services.AddAuthorization();
        services.AddProblemDetails();
        services.AddOpenApi();

        services.AddSingleton<EmptyMeetingCloser>();
        services.AddSingleton<MeetingModeration>();
        services.AddSingleton<AttendanceWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<AttendanceWriter>());
        services.AddSingleton<IMeetingHooks, MeetingSignalingHooks>();
        return services;
    }

    public static IEndpointRouteBuilder MapMeetingsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapAccountEndpoints();
        endpoints.MapMeetingEndpoints();
        endpoints.MapMeetingJoinEndpoint();
        endpoints.MapAttendanceEndpoints();
        endpoints.MapOperatorEndpoints();
        return endpoints;
    }

    /// <summary>
    /// Applies migrations and closes the attendance rows a crash of this server left open, before the server takes
    /// requests (a database it cannot reach stops the start).
    /// </summary>
    private sealed class DatabaseStartup(DatabaseMigrator migrator, OrphanedAttendance orphans) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await migrator.MigrateAsync(cancellationToken);
            await orphans.CloseAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
