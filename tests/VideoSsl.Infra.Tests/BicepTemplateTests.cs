using System.Text.Json.Nodes;

namespace VideoSsl.Infra.Tests;

public sealed class BicepTemplateTests
{
    private static readonly Lazy<Task<JsonObject>> Compiled = new(CompileAsync);

    private static async Task<JsonObject> CompileAsync()
    {
        var result = await BicepCli.RunAsync("build", InfraPaths.MainBicep, "--stdout");
        Assert.True(result.ExitCode == 0, $"bicep build failed:\n{result.StdErr}");
        return JsonNode.Parse(result.StdOut)!.AsObject();
    }

    [Fact]
    public void Bicep_cli_comes_from_the_nuget_package()
    {
        Assert.True(File.Exists(InfraPaths.BicepExecutable), InfraPaths.BicepExecutable);
        Assert.Contains("azure.bicep.commandline.linux-x64", InfraPaths.BicepExecutable, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Build_has_no_errors_and_no_warnings()
    {
        var result = await BicepCli.RunAsync("build", InfraPaths.MainBicep, "--stdout");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Diagnostics);
        Assert.DoesNotContain("Warning", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_has_no_errors_and_no_warnings()
    {
        var result = await BicepCli.RunAsync("lint", InfraPaths.MainBicep);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Diagnostics);
        Assert.DoesNotContain("Warning", result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_module_is_local()
    {
        foreach (var file in Directory.EnumerateFiles(InfraPaths.Infra, "*.bicep", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("'br/", text, StringComparison.Ordinal);
            Assert.DoesNotContain("'br:", text, StringComparison.Ordinal);
            Assert.DoesNotContain("'ts:", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Template_targets_the_subscription_and_names_the_resource_group_after_the_environment()
    {
        var arm = await Compiled.Value;

        Assert.Contains("subscriptionDeploymentTemplate.json", arm["$schema"]!.GetValue<string>(), StringComparison.Ordinal);
        var rg = ArmResources.OfType(arm, "Microsoft.Resources/resourceGroups").Single();
        Assert.Equal("[format('rg-{0}', parameters('environmentName'))]", rg["name"]!.GetValue<string>());
        Assert.Equal("[variables('tags')]", rg["tags"]!.GetValue<string>());
        Assert.Equal("parameters('environmentName')", VariableExpression(arm, "tags", "azd-env-name"));
        Assert.Contains("uniqueString(subscription().id, parameters('environmentName'), parameters('location'))",
            arm["variables"]!["resourceToken"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_account_is_entra_only_tls12_and_private()
    {
        var arm = await Compiled.Value;

        var account = ArmResources.OfType(arm, "Microsoft.Storage/storageAccounts").Single();
        var properties = account["properties"]!;
        Assert.False(properties["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(properties["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", properties["minimumTlsVersion"]!.GetValue<string>());

        var containers = ArmResources.OfType(arm, "Microsoft.Storage/storageAccounts/blobServices/containers").Single();
        Assert.Equal("None", containers["properties"]!["publicAccess"]!.GetValue<string>());
        var names = arm.ToJsonString();
        foreach (var name in new[] { "raw", "clips", "checkpoints", "runs", "apps" })
        {
            Assert.Contains($"\"{name}\"", names, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Batch_account_allows_only_entra_auth_with_batch_managed_pools()
    {
        var arm = await Compiled.Value;

        var account = ArmResources.OfType(arm, "Microsoft.Batch/batchAccounts").Single();
        var modes = account["properties"]!["allowedAuthenticationModes"]!.AsArray().Select(m => m!.GetValue<string>());
        Assert.Equal(["AAD"], modes);
        Assert.Equal("BatchService", account["properties"]!["poolAllocationMode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Both_pools_run_as_the_user_assigned_identity_and_fetch_the_bundle_with_it()
    {
        var arm = await Compiled.Value;

        var pools = ArmResources.OfType(arm, "Microsoft.Batch/batchAccounts/pools").ToList();
        Assert.Equal(2, pools.Count);
        foreach (var pool in pools)
        {
            var identity = pool.Resolve(pool["identity"])!.ToJsonString();
            Assert.Contains("UserAssigned", identity, StringComparison.Ordinal);
            Assert.DoesNotContain("SystemAssigned", identity, StringComparison.Ordinal);

            var properties = pool["properties"]!;
            Assert.Equal("batch.node.ubuntu 22.04",
                properties["deploymentConfiguration"]!["virtualMachineConfiguration"]!["nodeAgentSkuId"]!.GetValue<string>());
            Assert.NotNull(properties["scaleSettings"]!["autoScale"]);
        }

        var startTask = StartTaskFunction(arm);
        var resourceFile = startTask["resourceFiles"]![0]!;
        Assert.Equal("[parameters('bundleUrl')]", resourceFile["httpUrl"]!.GetValue<string>());
        Assert.Equal("[parameters('identityResourceId')]", resourceFile["identityReference"]!["resourceId"]!.GetValue<string>());
        Assert.True(startTask["waitForSuccess"]!.GetValue<bool>());
        Assert.Contains("base64", startTask["commandLine"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_pool_installs_its_own_bundle_cpu_libtorch_on_the_cpu_pool_cuda_libtorch_on_the_gpu_pool()
    {
        var arm = await Compiled.Value;

        var startTasks = ArmResources.OfType(arm, "Microsoft.Batch/batchAccounts/pools")
            .ToDictionary(p => p["properties"]!["displayName"]!.GetValue<string>(), p => p["properties"]!["startTask"]!.GetValue<string>());
        Assert.Equal("[__bicep.startTask(parameters('cpuBundleUrl'), parameters('identityResourceId'), variables('startScript'))]", startTasks["CPU pool: ingestion and evaluation"]);
        Assert.Equal("[__bicep.startTask(parameters('gpuBundleUrl'), parameters('identityResourceId'), variables('startScript'))]", startTasks["GPU pool: pretraining"]);
        var text = arm.ToJsonString(Unescaped);
        Assert.Contains("\"videossl-linux-x64.zip\"", text, StringComparison.Ordinal);
        Assert.Contains("\"videossl-linux-x64-cuda.zip\"", text, StringComparison.Ordinal);
        Assert.NotNull(arm["outputs"]!["AZURE_APP_BUNDLE_CPU_URL"]);
        Assert.NotNull(arm["outputs"]!["AZURE_APP_BUNDLE_GPU_URL"]);
    }

    [Fact]
    public async Task Autoscale_starts_from_zero_on_pending_tasks_with_dedicated_nodes_only()
    {
        var arm = await Compiled.Value;
        var text = arm.ToJsonString(Unescaped);

        Assert.Contains("$PendingTasks", text, StringComparison.Ordinal);
        Assert.Contains("$TargetDedicatedNodes", text, StringComparison.Ordinal);
        // Low-priority nodes of Batch-managed accounts were retired on 30 September 2025; Spot needs user-subscription mode.
        Assert.DoesNotContain("$TargetLowPriorityNodes", text, StringComparison.Ordinal);
        Assert.DoesNotContain("useLowPriority", text, StringComparison.Ordinal);
        Assert.Contains("Standard_NC4as_T4_v3", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pool_identity_and_the_principal_running_azd_get_job_submitter_not_data_contributor()
    {
        var arm = await Compiled.Value;
        var text = arm.ToJsonString();

        Assert.Contains("ba92f5b4-2d11-453d-a403-e96b0029c9fe", text, StringComparison.Ordinal); // Storage Blob Data Contributor
        Assert.Contains("48e5e92e-a480-4e71-aa9c-2778f4c13781", text, StringComparison.Ordinal); // Azure Batch Job Submitter
        Assert.DoesNotContain("6aaa78f1-f7de-44ca-8722-c64a23943cae", text, StringComparison.Ordinal); // Azure Batch Data Contributor: manages pools too
        var assignments = ArmResources.OfType(arm, "Microsoft.Authorization/roleAssignments").ToList();
        Assert.Equal(4, assignments.Count);
        Assert.Equal(2, assignments.Count(a => a["properties"]!["roleDefinitionId"]!.ToJsonString().Contains("batchJobSubmitter", StringComparison.Ordinal)));
        var principalTypes = assignments.Select(a => a["properties"]!["principalType"]!.GetValue<string>()).ToList();
        Assert.Equal(2, principalTypes.Count(t => t == "ServicePrincipal")); // the managed identity
        Assert.Equal(2, principalTypes.Count(t => t == "[parameters('principalType')]")); // whoever runs azd
        Assert.Single(ArmResources.OfType(arm, "Microsoft.Insights/diagnosticSettings"));
    }

    [Theory]
    [InlineData("AZURE_STORAGE_ACCOUNT_URL")]
    [InlineData("AZURE_STORAGE_BLOB_ENDPOINT")]
    [InlineData("AZURE_BATCH_ACCOUNT_ENDPOINT")]
    [InlineData("AZURE_BATCH_ACCOUNT_NAME")]
    [InlineData("AZURE_MANAGED_IDENTITY_CLIENT_ID")]
    [InlineData("AZURE_MANAGED_IDENTITY_RESOURCE_ID")]
    [InlineData("AZURE_BATCH_CPU_POOL_ID")]
    [InlineData("AZURE_BATCH_GPU_POOL_ID")]
    [InlineData("AZURE_STORAGE_CONTAINER_APPS")]
    [InlineData("AZURE_STORAGE_CONTAINER_CLIPS")]
    public async Task Outputs_that_azd_saves_to_the_environment_exist(string name)
    {
        var arm = await Compiled.Value;

        Assert.NotNull(arm["outputs"]![name]);
    }

    [Fact]
    public void Parameters_file_uses_azd_substitutions()
    {
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(InfraPaths.Infra, "main.parameters.json")))!["parameters"]!;

        Assert.Equal("${AZURE_ENV_NAME}", parameters["environmentName"]!["value"]!.GetValue<string>());
        Assert.Equal("${AZURE_LOCATION}", parameters["location"]!["value"]!.GetValue<string>());
        Assert.Equal("${AZURE_PRINCIPAL_ID}", parameters["principalId"]!["value"]!.GetValue<string>());
        // azd fills AZURE_PRINCIPAL_TYPE like AZURE_PRINCIPAL_ID: User for a person, ServicePrincipal in CI.
        Assert.Equal("${AZURE_PRINCIPAL_TYPE}", parameters["principalType"]!["value"]!.GetValue<string>());
        Assert.Null(parameters["useLowPriority"]);
    }

    private static readonly System.Text.Json.JsonSerializerOptions Unescaped =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static JsonNode StartTaskFunction(JsonObject arm) =>
        FindFunctions(arm).Select(f => f["members"]?["startTask"]?["output"]?["value"]).OfType<JsonNode>().Single();

    private static IEnumerable<JsonNode> FindFunctions(JsonNode template)
    {
        foreach (var f in template["functions"]?.AsArray().OfType<JsonNode>() ?? [])
        {
            yield return f;
        }

        var resources = template["resources"] switch
        {
            JsonArray array => array.OfType<JsonNode>(),
            JsonObject map => map.Select(p => p.Value).OfType<JsonNode>(),
            _ => [],
        };
        foreach (var nested in resources.Select(r => r["properties"]?["template"]).OfType<JsonNode>().SelectMany(FindFunctions))
        {
            yield return nested;
        }
    }

    private static string VariableExpression(JsonObject arm, string variable, string key) =>
        arm["variables"]![variable]![key]!.GetValue<string>().Trim('[', ']');
}
