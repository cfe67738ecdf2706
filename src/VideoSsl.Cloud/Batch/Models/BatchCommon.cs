namespace VideoSsl.Cloud.Batch.Models;

/// <summary>Names the pool a job runs on (<c>BatchPoolInfo</c>; auto pools are not used here).</summary>
public sealed record BatchPoolInfo(string PoolId);

/// <summary>An environment variable for a task (<c>EnvironmentSetting</c>).</summary>
public sealed record EnvironmentSetting(string Name, string? Value);

/// <summary>A name-value pair attached to a job or schedule (<c>BatchMetadataItem</c>).</summary>
public sealed record BatchMetadataItem(string Name, string Value);

/// <summary>The user-assigned identity a node uses to reach blob storage (<c>BatchNodeIdentityReference</c>).</summary>
public sealed record BatchNodeIdentityReference(string ResourceId);

/// <summary>A generic name-value pair returned by the service (<c>NameValuePair</c>).</summary>
public sealed record NameValuePair(string? Name, string? Value);
