// Role assignments, least privilege: the pool identity reads and writes blobs and submits Batch work (the GPU-stage
// launcher and the scheduled job manager create jobs and tasks, and read pools): Azure Batch Job Submitter, which
// cannot change pools. The principal running azd gets the same, to submit, schedule and follow pipelines.
@description('Name of the storage account in this resource group.')
param storageAccountName string

@description('Name of the Batch account in this resource group.')
param batchAccountName string

@description('Principal id of the user-assigned identity the pools run as.')
param identityPrincipalId string

@description('Object id of the principal running azd; empty skips its assignments.')
param principalId string

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
@description('Kind of principal behind principalId (a user, or a service principal in CI).')
param principalType string

// Built-in role definition ids (same in every cloud).
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var batchJobSubmitter = '48e5e92e-a480-4e71-aa9c-2778f4c13781'

resource storageAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource batchAccount 'Microsoft.Batch/batchAccounts@2024-07-01' existing = {
  name: batchAccountName
}

resource identityBlobData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, identityPrincipalId, storageBlobDataContributor)
  scope: storageAccount
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
  }
}

resource identityBatchJobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(batchAccount.id, identityPrincipalId, batchJobSubmitter)
  scope: batchAccount
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', batchJobSubmitter)
  }
}

resource userBlobData 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(principalId)) {
  name: guid(storageAccount.id, principalId, storageBlobDataContributor)
  scope: storageAccount
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
  }
}

resource userBatchJobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(principalId)) {
  name: guid(batchAccount.id, principalId, batchJobSubmitter)
  scope: batchAccount
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', batchJobSubmitter)
  }
}
