// --run s3://bucket/prefix works as a local folder does; the client is made from the AWS environment on first use.
Ratchet.S3.S3Storage.Register(new GanDemo.LineLogger(Console.Error));
return await TorchGan.TorchGanApp.RunAsync(args, Console.Out, Console.Error);
