# azd preprovision hook (windows): stops before anything is deployed when a setting asks for what Azure no longer offers.
$ErrorActionPreference = 'Stop'
if ($env:VIDEOSSL_USE_LOW_PRIORITY -in @('true', 'True', 'TRUE', '1')) {
    Write-Error ("VIDEOSSL_USE_LOW_PRIORITY=true: Azure Batch retired low-priority nodes for Batch-managed accounts on 30 September 2025, " +
        "and this template provisions one; Spot nodes need user-subscription pool allocation mode (README, Azure). The GPU pool runs dedicated " +
        "nodes, scaled from zero. Unset it (azd env set VIDEOSSL_USE_LOW_PRIORITY false) and run azd up again.")
    exit 1
}
