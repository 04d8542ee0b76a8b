module github.com/graphbuild/graphbuild

go 1.26.8
