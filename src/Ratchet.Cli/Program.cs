using Ratchet.Cli;

// s3://bucket/prefix works wherever a run is named; the client is made from the AWS environment on first use.
Ratchet.S3.S3Storage.Register();
return await RatchetCli.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
