// VideoSsl on Azure: storage for clips and checkpoints, one user-assigned identity, and a Batch account
// with a CPU pool (ingest/evaluate) and a GPU pool (pretrain). azd provisions it; outputs land in the azd env.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used for the resource group name, the resource token and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Primary location for all resources.')
param location string

@description('Object id of the principal running azd (AZURE_PRINCIPAL_ID); gets blob and Batch job roles. Empty skips those assignments.')
param principalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
@description('Kind of principal behind principalId: azd passes AZURE_PRINCIPAL_TYPE, User for a person, ServicePrincipal in CI.')
param principalType string = 'User'

@description('VM size of the CPU pool used for ingestion and evaluation.')
param cpuVmSize string = 'Standard_D4s_v5'

@description('Upper bound of the CPU pool autoscale formula.')
@minValue(1)
param cpuMaxNodes int = 4

@description('VM size of the GPU pool used for pretraining (N-series).')
param gpuVmSize string = 'Standard_NC4as_T4_v3'

@description('Upper bound of the GPU pool autoscale formula.')
@minValue(1)
param gpuMaxNodes int = 2

@description('Blob name of the CPU pool\'s bundle in the apps container (uploaded by the postprovision hook).')
param cpuBundleBlobName string = 'videossl-linux-x64.zip'

@description('Blob name of the GPU pool\'s bundle (TorchRuntime=cuda) in the apps container (uploaded by the postprovision hook).')
param gpuBundleBlobName string = 'videossl-linux-x64-cuda.zip'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var containerNames = {
  raw: 'raw'
  clips: 'clips'
  checkpoints: 'checkpoints'
  runs: 'runs'
  apps: 'apps'
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-videossl-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    containerNames: [
      containerNames.raw
      containerNames.clips
      containerNames.checkpoints
      containerNames.runs
      containerNames.apps
    ]
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    name: 'log-${resourceToken}'
    location: location
    tags: tags
  }
}

module batch 'modules/batch.bicep' = {
  name: 'batch'
  scope: rg
  params: {
    name: 'ba${resourceToken}'
    location: location
    tags: tags
    identityResourceId: identity.outputs.resourceId
    cpuBundleUrl: '${storage.outputs.blobEndpoint}${containerNames.apps}/${cpuBundleBlobName}'
    gpuBundleUrl: '${storage.outputs.blobEndpoint}${containerNames.apps}/${gpuBundleBlobName}'
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    cpuVmSize: cpuVmSize
    cpuMaxNodes: cpuMaxNodes
    gpuVmSize: gpuVmSize
    gpuMaxNodes: gpuMaxNodes
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    batchAccountName: batch.outputs.name
    identityPrincipalId: identity.outputs.principalId
    principalId: principalId
    principalType: principalType
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name

output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_ACCOUNT_URL string = storage.outputs.blobEndpoint
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_CONTAINER_RAW string = containerNames.raw
output AZURE_STORAGE_CONTAINER_CLIPS string = containerNames.clips
output AZURE_STORAGE_CONTAINER_CHECKPOINTS string = containerNames.checkpoints
output AZURE_STORAGE_CONTAINER_RUNS string = containerNames.runs
output AZURE_STORAGE_CONTAINER_APPS string = containerNames.apps
output AZURE_APP_BUNDLE_BLOB_NAME string = cpuBundleBlobName
output AZURE_APP_BUNDLE_GPU_BLOB_NAME string = gpuBundleBlobName
output AZURE_APP_BUNDLE_CPU_URL string = '${storage.outputs.blobEndpoint}${containerNames.apps}/${cpuBundleBlobName}'
output AZURE_APP_BUNDLE_GPU_URL string = '${storage.outputs.blobEndpoint}${containerNames.apps}/${gpuBundleBlobName}'

output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_MANAGED_IDENTITY_RESOURCE_ID string = identity.outputs.resourceId

output AZURE_BATCH_ACCOUNT_NAME string = batch.outputs.name
output AZURE_BATCH_ACCOUNT_ENDPOINT string = batch.outputs.endpoint
output AZURE_BATCH_CPU_POOL_ID string = batch.outputs.cpuPoolId
output AZURE_BATCH_GPU_POOL_ID string = batch.outputs.gpuPoolId

output AZURE_LOG_ANALYTICS_WORKSPACE_ID string = monitoring.outputs.workspaceId
