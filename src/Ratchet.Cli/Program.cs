Console.WriteLine("ratchet: not yet implemented.");
return 0;
