// Azure Batch account (Entra ID auth only, Batch-managed pools) with a CPU pool and a GPU pool that run as the
// user-assigned identity, plus diagnostic settings that send the account's logs to Log Analytics.
@description('Name of the Batch account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Location of the Batch account.')
param location string

@description('Tags applied to the Batch account.')
param tags object

@description('Resource id of the user-assigned identity the pools run as.')
param identityResourceId string

@description('Blob URL of the CPU pool\'s bundle (CPU libtorch), read by its start task through the pool identity.')
param cpuBundleUrl string

@description('Blob URL of the GPU pool\'s bundle (CUDA libtorch, TorchRuntime=cuda), read by its start task through the pool identity.')
param gpuBundleUrl string

@description('Resource id of the Log Analytics workspace for diagnostic settings.')
param logAnalyticsWorkspaceId string

@description('VM size of the CPU pool.')
param cpuVmSize string

@description('Upper bound of the CPU pool autoscale formula.')
param cpuMaxNodes int

@description('VM size of the GPU pool.')
param gpuVmSize string

@description('Upper bound of the GPU pool autoscale formula.')
param gpuMaxNodes int

@description('Id of the CPU pool (ingestion, evaluation).')
param cpuPoolId string = 'cpu'

@description('Id of the GPU pool (pretraining).')
param gpuPoolId string = 'gpu'

var startScript = loadFileAsBase64('scripts/node-start.sh')

var poolIdentity = {
  type: 'UserAssigned'
  userAssignedIdentities: {
    '${identityResourceId}': {}
  }
}

// The start task of a pool: its bundle arrives through the pool identity, the script installs ffmpeg and unpacks it.
func startTask(bundleUrl string, identityResourceId string, script string) object => {
  commandLine: '/bin/bash -c "echo ${script} | base64 -d > node-start.sh && bash node-start.sh"'
  resourceFiles: [
    {
      httpUrl: bundleUrl
      filePath: 'videossl.zip'
      identityReference: {
        resourceId: identityResourceId
      }
    }
  ]
  environmentSettings: [
    {
      name: 'VIDEOSSL_BUNDLE_FILE'
      value: 'videossl.zip'
    }
  ]
  userIdentity: {
    autoUser: {
      scope: 'Pool'
      elevationLevel: 'Admin'
    }
  }
  maxTaskRetryCount: 2
  waitForSuccess: true
}

// Scale on queued work: start from zero, grow to the pending task count (bounded), drain by task completion.
// Dedicated nodes only: low-priority nodes of Batch-managed accounts were retired on 30 September 2025, and Spot
// nodes need an account in user-subscription pool allocation mode (README, Azure).
func pendingTaskFormula(maxNodes int) string =>
  join(
    [
      '$samples = $PendingTasks.GetSamplePercent(TimeInterval_Minute * 5);'
      '$pending = $samples < 70 ? max(0, $PendingTasks.GetSample(1)) : max($PendingTasks.GetSample(1), avg($PendingTasks.GetSample(TimeInterval_Minute * 5)));'
      '$TargetDedicatedNodes = min(${maxNodes}, $pending);'
      '$NodeDeallocationOption = taskcompletion;'
    ],
    '\n'
  )

resource account 'Microsoft.Batch/batchAccounts@2024-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    poolAllocationMode: 'BatchService'
    allowedAuthenticationModes: [
      'AAD'
    ]
    publicNetworkAccess: 'Enabled'
  }
}

resource cpuPool 'Microsoft.Batch/batchAccounts/pools@2024-07-01' = {
  parent: account
  name: cpuPoolId
  identity: poolIdentity
  properties: {
    displayName: 'CPU pool: ingestion and evaluation'
    vmSize: cpuVmSize
    taskSlotsPerNode: 2
    taskSchedulingPolicy: {
      nodeFillType: 'Pack'
    }
    deploymentConfiguration: {
      virtualMachineConfiguration: {
        imageReference: {
          publisher: 'canonical'
          offer: '0001-com-ubuntu-server-jammy'
          sku: '22_04-lts'
          version: 'latest'
        }
        nodeAgentSkuId: 'batch.node.ubuntu 22.04'
      }
    }
    scaleSettings: {
      autoScale: {
        formula: pendingTaskFormula(cpuMaxNodes)
        evaluationInterval: 'PT5M'
      }
    }
    startTask: startTask(cpuBundleUrl, identityResourceId, startScript)
  }
}

resource gpuPool 'Microsoft.Batch/batchAccounts/pools@2024-07-01' = {
  parent: account
  name: gpuPoolId
  identity: poolIdentity
  properties: {
    displayName: 'GPU pool: pretraining'
    vmSize: gpuVmSize
    taskSlotsPerNode: 1
    deploymentConfiguration: {
      virtualMachineConfiguration: {
        // Ubuntu 22.04 HPC image from the Data Science VM publisher: ships the NVIDIA driver and CUDA.
        imageReference: {
          publisher: 'microsoft-dsvm'
          offer: 'ubuntu-hpc'
          sku: '2204'
          version: 'latest'
        }
        nodeAgentSkuId: 'batch.node.ubuntu 22.04'
      }
    }
    scaleSettings: {
      autoScale: {
        formula: pendingTaskFormula(gpuMaxNodes)
        evaluationInterval: 'PT5M'
      }
    }
    startTask: startTask(gpuBundleUrl, identityResourceId, startScript)
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'batch-to-log-analytics'
  scope: account
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output name string = account.name
output resourceId string = account.id
output endpoint string = 'https://${account.properties.accountEndpoint}'
output cpuPoolId string = cpuPool.name
output gpuPoolId string = gpuPool.name
