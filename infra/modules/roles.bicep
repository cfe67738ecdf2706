// Role assignments: the pool identity reads and writes blobs and submits Batch work (the GPU-stage launcher and the
// scheduled job manager create jobs and tasks); the deploying user gets blob and Batch data-plane access.
@description('Name of the storage account in this resource group.')
param storageAccountName string

@description('Name of the Batch account in this resource group.')
param batchAccountName string

@description('Principal id of the user-assigned identity the pools run as.')
param identityPrincipalId string

@description('Object id of the deploying principal; empty skips its assignments.')
param principalId string

@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
@description('Kind of principal behind principalId.')
param principalType string

// Built-in role definition ids (same in every cloud).
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var batchDataContributor = '6aaa78f1-f7de-44ca-8722-c64a23943cae'

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

resource identityBatchData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(batchAccount.id, identityPrincipalId, batchDataContributor)
  scope: batchAccount
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', batchDataContributor)
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

resource userBatchData 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(principalId)) {
  name: guid(batchAccount.id, principalId, batchDataContributor)
  scope: batchAccount
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', batchDataContributor)
  }
}
