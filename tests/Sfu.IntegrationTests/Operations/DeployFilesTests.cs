using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Sfu.IntegrationTests.Operations;

/// <summary>
/// The deployment files, checked as far as this machine can: Prometheus's own linter (promtool) on the scrape configs and
/// alert rules, and, with no container runtime or hadolint here, the compose file, Kubernetes manifests, Dockerfile and
/// Grafana dashboard parsed and held to what the server needs (ports, probes, non-root, the README's commands).
/// </summary>
public sealed partial class DeployFilesTests
{
    private static readonly string Deploy = System.IO.Path.Combine(ExternalTool.RepositoryRoot(), "deploy");

    [Theory]
    [InlineData("prometheus/prometheus.yml")]
    [InlineData("prometheus/compose.yml")]
    public async Task PromtoolAcceptsTheScrapeConfigsAndTheirRuleFiles(string file)
    {
        (int exitCode, string output) = await ExternalTool.RunAsync("/usr/bin/promtool", ["check", "config", System.IO.Path.Combine(Deploy, file)]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS: 1 rule files found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromtoolAcceptsTheAlertRules()
    {
        (int exitCode, string output) = await ExternalTool.RunAsync("/usr/bin/promtool", ["check", "rules", System.IO.Path.Combine(Deploy, "prometheus/alerts.yml")]);

        Assert.True(exitCode == 0, output);
        YamlMappingNode rules = (YamlMappingNode)Load("prometheus/alerts.yml")[0];
        var names = ((YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)rules["groups"])[0])["rules"]).Select(r => Scalar(r, "alert")).ToList();
        // The issue's alerts: loss, DTLS failures, worker saturation, readiness (and the server being down).
        Assert.Contains("SfuPublishedPacketLossHigh", names);
        Assert.Contains("SfuDtlsHandshakesFailing", names);
        Assert.Contains("SfuWorkerSaturated", names);
        Assert.Contains("SfuMediaWorkersNotAnswering", names);
        Assert.Contains("SfuDown", names);
    }

    [Fact]
    public void ComposeRunsServerPostgresPrometheusAndCoturnReachableFromTheHost()
    {
        var compose = (YamlMappingNode)Load("compose.yaml")[0];
        var services = (YamlMappingNode)compose["services"];
        Assert.Equal(["sfu", "postgres", "prometheus", "coturn"], services.Children.Keys.Select(k => ((YamlScalarNode)k).Value));

        var sfu = (YamlMappingNode)services["sfu"];
        var build = (YamlMappingNode)sfu["build"];
        Assert.Equal("deploy/Dockerfile", Scalar(build, "dockerfile"));
        Assert.True(File.Exists(System.IO.Path.Combine(Deploy, Scalar(build, "context")!, "deploy/Dockerfile")));
        string[] ports = [.. ((YamlSequenceNode)sfu["ports"]).Select(p => ((YamlScalarNode)p).Value!)];
        Assert.Contains("8080:8080/tcp", ports);
        Assert.Contains(ports, p => p.StartsWith("50000", StringComparison.Ordinal) && p.EndsWith("/udp", StringComparison.Ordinal));
        var environment = (YamlMappingNode)sfu["environment"];
        // A browser on the host reaches the published ports on 127.0.0.1, so that is what the server announces.
        Assert.Equal("127.0.0.1", Scalar(environment, "Sfu__AnnouncedAddresses__0"));
        Assert.Equal("0.0.0.0", Scalar(environment, "Sfu__BindAddress"));
        Assert.Equal("postgres", Scalar(environment, "Database__Provider"));
        Assert.Contains("Host=postgres", Scalar(environment, "ConnectionStrings__Meetings"), StringComparison.Ordinal);
        Assert.StartsWith("turn:", Scalar(environment, "Turn__Urls__0"), StringComparison.Ordinal);
        Assert.Contains("TURN_SECRET", Scalar(environment, "Turn__Secret"), StringComparison.Ordinal);

        // The compose network's Prometheus scrapes the sfu service with the shipped rules; coturn shares TURN_SECRET.
        string[] prometheusMounts = [.. ((YamlSequenceNode)((YamlMappingNode)services["prometheus"])["volumes"]).Select(v => ((YamlScalarNode)v).Value!)];
        foreach (string mount in prometheusMounts)
        {
            Assert.True(File.Exists(System.IO.Path.Combine(Deploy, mount.Split(':')[0])), mount);
        }

        var coturn = (YamlMappingNode)services["coturn"];
        string[] coturnArgs = [.. ((YamlSequenceNode)coturn["command"]).Select(v => ((YamlScalarNode)v).Value!)];
        Assert.Contains(coturnArgs, a => a.StartsWith("--static-auth-secret=${TURN_SECRET", StringComparison.Ordinal));
        Assert.Contains("use-auth-secret", File.ReadAllLines(System.IO.Path.Combine(Deploy, "coturn/turnserver.conf")));
    }

    [Fact]
    public void KubernetesManifestsHaveUdpPortsProbesAConfigMapAndASecret()
    {
        var byKind = new Dictionary<string, List<YamlMappingNode>>();
        foreach (string file in Directory.GetFiles(System.IO.Path.Combine(Deploy, "k8s"), "*.yaml"))
        {
            foreach (YamlNode document in Load(System.IO.Path.Combine("k8s", System.IO.Path.GetFileName(file))))
            {
                var manifest = (YamlMappingNode)document;
                Assert.False(string.IsNullOrEmpty(Scalar(manifest, "apiVersion")), file);
                string kind = Scalar(manifest, "kind")!;
                byKind.TryAdd(kind, []);
                byKind[kind].Add(manifest);
            }
        }

        Assert.Equal(["ConfigMap", "Deployment", "Secret", "Service"], byKind.Keys.Order(StringComparer.Ordinal));
        var config = (YamlMappingNode)Assert.Single(byKind["ConfigMap"])["data"];
        var secret = (YamlMappingNode)Assert.Single(byKind["Secret"])["stringData"];
        Assert.Contains(new YamlScalarNode("Signaling__TokenKey"), secret.Children.Keys);
        Assert.Contains(new YamlScalarNode("Turn__Secret"), secret.Children.Keys);
        Assert.DoesNotContain(new YamlScalarNode("Turn__Secret"), config.Children.Keys);

        var pod = (YamlMappingNode)At(Assert.Single(byKind["Deployment"]), "spec", "template", "spec");
        Assert.Equal("true", Scalar(pod, "hostNetwork"));
        Assert.Equal("true", Scalar((YamlMappingNode)pod["securityContext"], "runAsNonRoot"));
        var container = (YamlMappingNode)((YamlSequenceNode)pod["containers"])[0];
        Assert.Equal("/healthz", Scalar((YamlMappingNode)At(container, "livenessProbe", "httpGet"), "path"));
        Assert.Equal("/readyz", Scalar((YamlMappingNode)At(container, "readinessProbe", "httpGet"), "path"));
        var udpPorts = ((YamlSequenceNode)container["ports"]).Cast<YamlMappingNode>().Where(p => Scalar(p, "protocol") == "UDP").Select(p => Scalar(p, "containerPort")).ToList();
        Assert.Contains("50000", udpPorts);
        Assert.Equal(config.Children.Count(c => ((YamlScalarNode)c.Key).Value == "Sfu__Workers") == 1 ? int.Parse(Scalar(config, "Sfu__Workers")!, System.Globalization.CultureInfo.InvariantCulture) : 0, udpPorts.Count);
        Assert.Contains(byKind["Service"], s => ((YamlSequenceNode)At(s, "spec", "ports")).Cast<YamlMappingNode>().Any(p => Scalar(p, "protocol") == "UDP"));
        Assert.Equal(Scalar(config, "Metrics__Port"), Scalar((YamlMappingNode)At(Assert.Single(byKind["Deployment"]), "spec", "template", "metadata", "annotations"), "prometheus.io/port"));
    }

    [Fact]
    public void DockerfileIsMultiStageNonRootAndBuildsWithTheDocumentedCommands()
    {
        string[] lines = File.ReadAllLines(System.IO.Path.Combine(Deploy, "Dockerfile"));
        string[] stages = [.. lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal))];
        Assert.Equal(2, stages.Length);
        Assert.Matches("^FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build$", stages[0]);
        Assert.Matches("^FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime$", stages[1]);
        Assert.Contains("COPY web/ web/", lines);
        Assert.Contains("COPY --from=build /opt/sfu ./", lines);
        string user = Assert.Single(lines, l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.DoesNotMatch("^USER (root|0)(:|$)", user);
        Assert.True(Array.IndexOf(lines, user) > Array.IndexOf(lines, stages[1]), "USER must be in the runtime stage");
        Assert.Contains(lines, l => l.StartsWith("EXPOSE 8080", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("EXPOSE 50000", StringComparison.Ordinal) && l.EndsWith("/udp", StringComparison.Ordinal));

        // The image is built with the same commands the deployment guide gives for a machine without containers.
        string guide = File.ReadAllText(System.IO.Path.Combine(Deploy, "README.md"));
        foreach (string run in lines.Where(l => l.StartsWith("RUN ", StringComparison.Ordinal)))
        {
            Assert.Contains(run["RUN ".Length..], guide, StringComparison.Ordinal);
        }

        Assert.Contains("docker build -f deploy/Dockerfile", guide, StringComparison.Ordinal);
    }

    [Fact]
    public void GrafanaDashboardIsValidJsonWithPrometheusQueries()
    {
        using JsonDocument dashboard = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(Deploy, "grafana/sfu-dashboard.json")));
        JsonElement panels = dashboard.RootElement.GetProperty("panels");
        Assert.True(panels.GetArrayLength() >= 10);
        var titles = new List<string>();
        foreach (JsonElement panel in panels.EnumerateArray())
        {
            titles.Add(panel.GetProperty("title").GetString()!);
            foreach (JsonElement target in panel.GetProperty("targets").EnumerateArray())
            {
                string expr = target.GetProperty("expr").GetString()!;
                Assert.Equal(expr.Count(c => c == '('), expr.Count(c => c == ')'));
                Assert.Matches(MetricName(), expr);
            }
        }

        Assert.Contains("Forward latency", titles);
        Assert.Contains("Published packet loss and jitter", titles);
    }

    private static List<YamlNode> Load(string relative)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(System.IO.Path.Combine(Deploy, relative));
        stream.Load(reader);
        return [.. stream.Documents.Select(d => d.RootNode)];
    }

    private static string? Scalar(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value) ? ((YamlScalarNode)value).Value : null;

    private static YamlNode At(YamlNode node, params string[] keys)
    {
        foreach (string key in keys)
        {
            node = ((YamlMappingNode)node)[key];
        }

        return node;
    }

    [GeneratedRegex("(sfu|process|http)_[a-z_]+")]
    private static partial Regex MetricName();
}
